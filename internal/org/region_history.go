package org

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// sortRegions orders by code, regions without a code last by name.
func sortRegions(rs []Region) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if (a.Code == "") != (b.Code == "") {
			return a.Code != ""
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Name < b.Name
	})
}

// History is a region's past: its parents and codes over time and former names.
type History struct {
	Parents     []ParentSpan
	Codes       []CodeSpan
	FormerNames []FormerName
}

// FormerName is a name the region carried until a date.
type FormerName struct {
	Name string
	To   string
}

// RegionHistory returns the parent links, codes and former names of region, newest first.
func (s *Store) RegionHistory(ctx context.Context, region int64) (History, error) {
	var h History
	rows, err := s.db.Query(ctx, `SELECT p.parent_id, r.name, p.valid_from, COALESCE(p.valid_to, '') FROM region_parents p
		JOIN regions r ON r.id = p.parent_id WHERE p.region_id = ? ORDER BY p.valid_from DESC`, region)
	if err != nil {
		return h, fmt.Errorf("parent history: %w", err)
	}
	for rows.Next() {
		var p ParentSpan
		if err := rows.Scan(&p.ParentID, &p.ParentName, &p.From, &p.To); err != nil {
			rows.Close()
			return h, err
		}
		h.Parents = append(h.Parents, p)
	}
	rows.Close()
	for i, p := range h.Parents {
		h.Parents[i].ParentCode, _ = s.CodeOn(ctx, p.ParentID, p.From)
	}
	crows, err := s.db.Query(ctx, `SELECT code, valid_from, COALESCE(valid_to, ''), COALESCE(predecessor_code, '')
		FROM region_codes WHERE region_id = ? ORDER BY valid_from DESC`, region)
	if err != nil {
		return h, fmt.Errorf("code history: %w", err)
	}
	for crows.Next() {
		c := CodeSpan{RegionID: region}
		if err := crows.Scan(&c.Code, &c.From, &c.To, &c.Predecessor); err != nil {
			crows.Close()
			return h, err
		}
		h.Codes = append(h.Codes, c)
	}
	crows.Close()
	nrows, err := s.db.Query(ctx, `SELECT name, valid_to FROM region_names WHERE region_id = ? ORDER BY valid_to DESC`, region)
	if err != nil {
		return h, fmt.Errorf("former names: %w", err)
	}
	defer nrows.Close()
	for nrows.Next() {
		var n FormerName
		if err := nrows.Scan(&n.Name, &n.To); err != nil {
			return h, err
		}
		h.FormerNames = append(h.FormerNames, n)
	}
	return h, nrows.Err()
}

// Rename gives region a new name from date; the old name stays findable.
func (s *Store) Rename(ctx context.Context, region int64, name, date string) error {
	name = strings.TrimSpace(name)
	errs := ui.Errors{}
	if k := validName(name); k != "" {
		errs["name"] = k
	}
	d, ok := ParseDate(date)
	if !ok {
		errs["date"] = "org.err.date"
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.regionOn(ctx, tx, region, d)
		if err != nil {
			return err
		}
		if r.Name == name {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO region_names (region_id, name, valid_to) VALUES (?, ?, ?)`, region, r.Name, d); err != nil {
			return fmt.Errorf("keep former name: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE regions SET name = ? WHERE id = ?`, name, region); err != nil {
			return fmt.Errorf("rename region: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "region", EntityID: strconv.FormatInt(region, 10), Action: "rename",
			Before: map[string]string{"name": r.Name}, After: map[string]string{"name": name, "from": d}})
	})
}

// setCodeIn closes the region's current code at date and opens code from date
// with the old one as its predecessor. The code is checked against the
// region's parent on date.
func (s *Store) setCodeIn(ctx context.Context, tx *store.Tx, r Region, code, date string) (string, error) {
	if k := checkCodeShape(code, r.Level); k != "" {
		return k, nil
	}
	if p, err := s.parentOn(ctx, tx, r.ID, date); err == nil {
		if k := checkCodePrefix(code, r.Level, p.Code); k != "" {
			return k, nil
		}
	}
	if taken, err := codeTaken(ctx, tx, code, r.ID); err != nil {
		return "", err
	} else if taken {
		return "org.err.code_taken", nil
	}
	var cur CodeSpan
	err := tx.QueryRow(ctx, `SELECT code, valid_from FROM region_codes WHERE region_id = ? AND valid_to IS NULL`, r.ID).Scan(&cur.Code, &cur.From)
	if err := store.NotFound(err, "current code"); err != nil {
		return "", err
	}
	if cur.Code == code {
		return "org.err.code_same", nil
	}
	if cur.From >= date {
		return "org.err.date_before_current", nil
	}
	if _, err := tx.Exec(ctx, `UPDATE region_codes SET valid_to = ? WHERE region_id = ? AND valid_to IS NULL`, date, r.ID); err != nil {
		return "", fmt.Errorf("close code: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO region_codes (region_id, code, valid_from, predecessor_code) VALUES (?, ?, ?, ?)`,
		r.ID, code, date, cur.Code); err != nil {
		return "", fmt.Errorf("open code: %w", err)
	}
	return "", nil
}

// SetCode enters a region's new code from date (e.g. the yearly release after
// a transfer made without codes): the old code closes at date and stays findable.
func (s *Store) SetCode(ctx context.Context, region int64, code, date string) error {
	d, ok := ParseDate(date)
	if !ok {
		return ui.Errors{"date": "org.err.date"}
	}
	code = strings.TrimSpace(code)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.regionOn(ctx, tx, region, d)
		if err != nil {
			return err
		}
		key, err := s.setCodeIn(ctx, tx, r, code, d)
		if err != nil {
			return err
		}
		if key != "" {
			return ui.Errors{"code": key}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "region", EntityID: strconv.FormatInt(region, 10), Action: "code",
			Before: map[string]string{"code": r.Code}, After: map[string]string{"code": code, "from": d}})
	})
}
