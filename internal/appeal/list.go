package appeal

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// PageSize is the number of appeals on one list page.
const PageSize = 50

// Filter narrows the staff list; zero values mean "any".
type Filter struct {
	State    State
	UnitID   int64
	Category int64
	RegionID int64
	Overdue  bool
	Page     int // from 1
}

// ParseFilter reads the list's query; malformed values are ignored (the
// list then shows everything), never an error page.
func ParseFilter(q url.Values) Filter {
	f := Filter{Page: 1}
	if s := State(q.Get("state")); s.Valid() {
		f.State = s
	}
	f.UnitID = posInt(q.Get("unit"))
	f.Category = posInt(q.Get("category"))
	f.RegionID = posInt(q.Get("region"))
	f.Overdue = q.Get("overdue") == "1"
	if p := posInt(q.Get("page")); p > 0 && p < 100000 {
		f.Page = int(p)
	}
	return f
}

func posInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Query is the filter as a query string without the page (for links).
func (f Filter) Query() string {
	v := url.Values{}
	if f.State != "" {
		v.Set("state", string(f.State))
	}
	for k, n := range map[string]int64{"unit": f.UnitID, "category": f.Category, "region": f.RegionID} {
		if n != 0 {
			v.Set(k, strconv.FormatInt(n, 10))
		}
	}
	if f.Overdue {
		v.Set("overdue", "1")
	}
	return v.Encode()
}

// where builds the filter and scope conditions.
func (f Filter) where(p *auth.Principal, now time.Time) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if !p.SeesAllUnits() {
		in, ids := unitsIn(p.Units)
		if len(p.Units) == 0 {
			in, ids = "(0)", nil
		}
		conds = append(conds, `(a.unit_id IN `+in+` OR a.id IN (SELECT appeal_id FROM appeal_dispatches WHERE unit_id IN `+in+
			`) OR a.id IN (SELECT appeal_id FROM appeal_co_units WHERE unit_id IN `+in+`))`)
		args = append(args, ids...)
		args = append(args, ids...)
		args = append(args, ids...)
	}
	if f.State != "" {
		conds, args = append(conds, "a.state = ?"), append(args, string(f.State))
	}
	if f.UnitID != 0 {
		conds, args = append(conds, "a.unit_id = ?"), append(args, f.UnitID)
	}
	if f.Category != 0 {
		conds, args = append(conds, "a.category_id = ?"), append(args, f.Category)
	}
	if f.RegionID != 0 {
		conds, args = append(conds, "a.region_id = ?"), append(args, f.RegionID)
	}
	if f.Overdue {
		conds = append(conds, "a.state IN ('received', 'dispatched', 'back', 'signed', 'answered') AND a.due_at < ?")
		args = append(args, now.UTC())
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns one page of the appeals p may see under f, newest first, and
// the total count.
func (s *Store) List(ctx context.Context, p *auth.Principal, f Filter) ([]Appeal, int, error) {
	if !p.HasBusinessRole() {
		return nil, 0, ui.ErrForbidden
	}
	where, args := f.where(p, s.now())
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM appeals a`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count appeals: %w", err)
	}
	page := max(f.Page, 1)
	out, err := s.query(ctx, where+` ORDER BY a.received_at DESC, a.id DESC LIMIT ? OFFSET ?`,
		append(args, PageSize, (page-1)*PageSize)...)
	return out, total, err
}

// ExportLimit bounds an export.
const ExportLimit = 50000

// ListAll returns every appeal p may see under f (up to ExportLimit), for
// the export; the second result reports a cut.
func (s *Store) ListAll(ctx context.Context, p *auth.Principal, f Filter) ([]Appeal, bool, error) {
	if !p.HasBusinessRole() {
		return nil, false, ui.ErrForbidden
	}
	where, args := f.where(p, s.now())
	out, err := s.query(ctx, where+` ORDER BY a.received_at DESC, a.id DESC LIMIT ?`, append(args, ExportLimit+1)...)
	cut := len(out) > ExportLimit
	if cut {
		out = out[:ExportLimit]
	}
	return out, cut, err
}

func (s *Store) query(ctx context.Context, rest string, args ...any) ([]Appeal, error) {
	rows, err := s.db.Query(ctx, `SELECT `+appealCols+appealFrom+rest, args...)
	if err != nil {
		return nil, fmt.Errorf("list appeals: %w", err)
	}
	defer rows.Close()
	var out []Appeal
	for rows.Next() {
		a, err := scanAppeal(rows)
		if err != nil {
			return nil, fmt.Errorf("scan appeal: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Option is an id and a label for a select.
type Option struct {
	ID   int64
	Name string
}

// Units lists the active units (dispatch targets and the unit filter).
func (s *Store) Units(ctx context.Context) ([]Option, error) {
	return s.options(ctx, `SELECT id, name FROM units WHERE active = TRUE ORDER BY id`)
}

// Villages lists the regions appeals can come from: villages and communities
// (level village or community), ordered by name.
func (s *Store) Villages(ctx context.Context) ([]Option, error) {
	return s.options(ctx, `SELECT id, name FROM regions WHERE level IN ('village', 'community') ORDER BY name, id`)
}

// Campaigns lists campaigns (the to-task form).
func (s *Store) Campaigns(ctx context.Context) ([]Option, error) {
	return s.options(ctx, `SELECT id, name FROM campaigns ORDER BY start_date DESC, id DESC`)
}

func (s *Store) options(ctx context.Context, q string) ([]Option, error) {
	rows, err := s.db.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	defer rows.Close()
	var out []Option
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
