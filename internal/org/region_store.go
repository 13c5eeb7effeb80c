package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// NewRegion is what creating a region needs.
type NewRegion struct {
	Level    Level
	Name     string
	Code     string
	ParentID int64  // 0 for a top region (county or district)
	From     string // 'YYYY-MM-DD': the first day of the code and of the parent link
}

// maxName bounds names so a 1 MB paste is refused politely.
const maxName = 100

// validName returns a message key when name is empty or too long.
func validName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "form.required"
	case utf8.RuneCountInString(name) > maxName:
		return "form.too_long"
	}
	return ""
}

// CreateRegion adds a region with its code and parent from a date.
func (s *Store) CreateRegion(ctx context.Context, in NewRegion) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.CreateRegionIn(ctx, tx, in)
		return err
	})
	return id, err
}

// CreateRegionIn is CreateRegion inside the caller's transaction.
func (s *Store) CreateRegionIn(ctx context.Context, tx *store.Tx, in NewRegion) (int64, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Code = strings.TrimSpace(in.Code)
	errs := ui.Errors{}
	if k := validName(in.Name); k != "" {
		errs["name"] = k
	}
	if !in.Level.Valid() {
		errs["level"] = "org.err.level"
	}
	from, ok := ParseDate(in.From)
	if !ok {
		errs["from"] = "org.err.date"
	}
	if k := checkCodeShape(in.Code, in.Level); k != "" && in.Level.Valid() {
		errs["code"] = k
	}
	if len(errs) == 0 {
		s.checkParent(ctx, tx, in, from, errs)
	}
	if len(errs) == 0 {
		if taken, err := codeTaken(ctx, tx, in.Code, 0); err != nil {
			return 0, err
		} else if taken {
			errs["code"] = "org.err.code_taken"
		}
	}
	if len(errs) > 0 {
		return 0, errs
	}
	id, err := store.InsertID(ctx, tx, `INSERT INTO regions (level, name, created_at) VALUES (?, ?, ?)`,
		in.Level, in.Name, s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("insert region: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO region_codes (region_id, code, valid_from) VALUES (?, ?, ?)`, id, in.Code, from); err != nil {
		return 0, fmt.Errorf("insert region code: %w", err)
	}
	if in.ParentID != 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO region_parents (region_id, parent_id, valid_from) VALUES (?, ?, ?)`,
			id, in.ParentID, from); err != nil {
			return 0, fmt.Errorf("insert region parent: %w", err)
		}
	}
	in.From = from
	return id, s.audit.Record(ctx, tx, audit.Entry{Entity: "region", EntityID: strconv.FormatInt(id, 10), Action: "create", After: in})
}

// checkParent fills errs when the parent is missing, of the wrong level, or
// its code does not prefix the new code.
func (s *Store) checkParent(ctx context.Context, tx *store.Tx, in NewRegion, from string, errs ui.Errors) {
	if in.Level.tier() == 1 {
		if in.ParentID != 0 {
			errs["parent"] = "org.err.parent_level"
		}
		return
	}
	if in.ParentID == 0 {
		errs["parent"] = "form.required"
		return
	}
	p, err := s.regionOn(ctx, tx, in.ParentID, from)
	if err != nil {
		errs["parent"] = "org.err.parent_missing"
		return
	}
	if !parentAllowed(in.Level, p.Level) {
		errs["parent"] = "org.err.parent_level"
		return
	}
	if k := checkCodePrefix(in.Code, in.Level, p.Code); k != "" {
		errs["code"] = k
	}
}

// codeTaken reports whether code is current for a region other than except.
func codeTaken(ctx context.Context, q store.Querier, code string, except int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM region_codes WHERE code = ? AND valid_to IS NULL AND region_id <> ?`, code, except).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check code: %w", err)
	}
	return n > 0, nil
}

// Region returns the region with its code on date (today when date is "").
func (s *Store) Region(ctx context.Context, id int64, date string) (Region, error) {
	if date == "" {
		date = s.today()
	}
	return s.regionOn(ctx, s.db, id, date)
}

func (s *Store) regionOn(ctx context.Context, q store.Querier, id int64, date string) (Region, error) {
	r := Region{ID: id}
	var code sql.NullString
	err := q.QueryRow(ctx, `SELECT r.level, r.name, (SELECT c.code FROM region_codes c WHERE c.region_id = r.id
		AND c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to > ?) ORDER BY c.valid_from DESC LIMIT 1)
		FROM regions r WHERE r.id = ?`, date, date, id).Scan(&r.Level, &r.Name, &code)
	r.Code = code.String
	return r, store.NotFound(err, "region")
}

// ParentOn returns the parent of region on date; ErrNotFound when it had none.
func (s *Store) ParentOn(ctx context.Context, region int64, date string) (Region, error) {
	return s.parentOn(ctx, s.db, region, date)
}

func (s *Store) parentOn(ctx context.Context, q store.Querier, region int64, date string) (Region, error) {
	var pid int64
	err := q.QueryRow(ctx, `SELECT parent_id FROM region_parents WHERE region_id = ? AND valid_from <= ?
		AND (valid_to IS NULL OR valid_to > ?) ORDER BY valid_from DESC LIMIT 1`, region, date, date).Scan(&pid)
	if err := store.NotFound(err, "region parent"); err != nil {
		return Region{}, err
	}
	return s.regionOn(ctx, q, pid, date)
}

// AncestorOn answers "which district/county (or town) was region in on date":
// it walks up the parents valid on date until one of level appears.
func (s *Store) AncestorOn(ctx context.Context, region int64, level Level, date string) (Region, error) {
	id := region
	for range 8 { // the tree is at most three deep; the bound guards a cycle
		p, err := s.ParentOn(ctx, id, date)
		if err != nil {
			return Region{}, err
		}
		if p.Level == level {
			return p, nil
		}
		id = p.ID
	}
	return Region{}, fmt.Errorf("ancestor of region %d: %w", region, store.ErrNotFound)
}

// CodeOn returns the code region had on date; ErrNotFound when it had none.
func (s *Store) CodeOn(ctx context.Context, region int64, date string) (string, error) {
	var code string
	err := s.db.QueryRow(ctx, `SELECT code FROM region_codes WHERE region_id = ? AND valid_from <= ?
		AND (valid_to IS NULL OR valid_to > ?) ORDER BY valid_from DESC LIMIT 1`, region, date, date).Scan(&code)
	return code, store.NotFound(err, "region code")
}

// CodeMatch is a region found by one of its codes, with that code's validity.
type CodeMatch struct {
	Region Region
	Span   CodeSpan
}

// FindByCode finds regions by a current or former code, newest first.
func (s *Store) FindByCode(ctx context.Context, code string) ([]CodeMatch, error) {
	rows, err := s.db.Query(ctx, `SELECT r.id, r.level, r.name, c.code, c.valid_from, COALESCE(c.valid_to, ''),
		COALESCE(c.predecessor_code, '') FROM region_codes c JOIN regions r ON r.id = c.region_id
		WHERE c.code = ? ORDER BY c.valid_from DESC`, strings.TrimSpace(code))
	if err != nil {
		return nil, fmt.Errorf("find code: %w", err)
	}
	defer rows.Close()
	var out []CodeMatch
	for rows.Next() {
		var m CodeMatch
		if err := rows.Scan(&m.Region.ID, &m.Region.Level, &m.Region.Name, &m.Span.Code, &m.Span.From, &m.Span.To, &m.Span.Predecessor); err != nil {
			return nil, err
		}
		m.Span.RegionID = m.Region.ID
		m.Region.Code = m.Span.Code
		out = append(out, m)
	}
	return out, rows.Err()
}

// likePattern escapes the LIKE wildcards in a user's search text.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// SearchRegions finds regions whose current or former name contains q, or
// whose current or former code is q. Codes shown are today's.
func (s *Store) SearchRegions(ctx context.Context, q string) ([]Region, error) {
	q = strings.TrimSpace(q)
	if q == "" || utf8.RuneCountInString(q) > maxName {
		return nil, nil
	}
	today := s.today()
	rows, err := s.db.Query(ctx, `SELECT r.id FROM regions r WHERE r.name LIKE ? ESCAPE '\'
		OR r.id IN (SELECT region_id FROM region_names WHERE name LIKE ? ESCAPE '\')
		OR r.id IN (SELECT region_id FROM region_codes WHERE code = ?) ORDER BY r.id LIMIT 200`,
		likePattern(q), likePattern(q), q)
	if err != nil {
		return nil, fmt.Errorf("search regions: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(ids))
	for _, id := range ids {
		r, err := s.regionOn(ctx, s.db, id, today)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ChildrenOn lists the regions whose parent on date is parent, by code.
func (s *Store) ChildrenOn(ctx context.Context, parent int64, date string) ([]Region, error) {
	return s.childrenOn(ctx, s.db, parent, date)
}

func (s *Store) childrenOn(ctx context.Context, q store.Querier, parent int64, date string) ([]Region, error) {
	rows, err := q.Query(ctx, `SELECT region_id FROM region_parents WHERE parent_id = ? AND valid_from <= ?
		AND (valid_to IS NULL OR valid_to > ?)`, parent, date, date)
	if err != nil {
		return nil, fmt.Errorf("children: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return s.regionsOn(ctx, q, ids, date)
}

func (s *Store) regionsOn(ctx context.Context, q store.Querier, ids []int64, date string) ([]Region, error) {
	out := make([]Region, 0, len(ids))
	for _, id := range ids {
		r, err := s.regionOn(ctx, q, id, date)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sortRegions(out)
	return out, nil
}

// TopRegions lists the regions without a parent today (counties and districts).
func (s *Store) TopRegions(ctx context.Context) ([]Region, error) {
	today := s.today()
	rows, err := s.db.Query(ctx, `SELECT id FROM regions r WHERE NOT EXISTS (SELECT 1 FROM region_parents p
		WHERE p.region_id = r.id AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?))
		AND level IN ('county', 'district')`, today, today)
	if err != nil {
		return nil, fmt.Errorf("top regions: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return s.regionsOn(ctx, s.db, ids, today)
}

// RegionsAt lists regions of the given levels as they are today.
func (s *Store) RegionsAt(ctx context.Context, levels ...Level) ([]Region, error) {
	if len(levels) == 0 {
		return nil, errors.New("regions at: no level")
	}
	args := make([]any, len(levels))
	for i, l := range levels {
		args[i] = string(l)
	}
	rows, err := s.db.Query(ctx, `SELECT id FROM regions WHERE level IN (?`+strings.Repeat(", ?", len(levels)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("regions at: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return s.regionsOn(ctx, s.db, ids, s.today())
}

// CountyOn answers "which district or county was region in on date", whichever
// of the two it was: the first county-level ancestor valid on date.
func (s *Store) CountyOn(ctx context.Context, region int64, date string) (Region, error) {
	id := region
	for range 8 {
		p, err := s.ParentOn(ctx, id, date)
		if err != nil {
			return Region{}, err
		}
		if p.Level.tier() == 1 {
			return p, nil
		}
		id = p.ID
	}
	return Region{}, fmt.Errorf("county of region %d: %w", region, store.ErrNotFound)
}
