package appeal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// LimitRow is a configured limit as the settings page lists it.
type LimitRow struct {
	Kind       string
	CategoryID int64
	Category   string
	Limit      Limit
}

// Limits lists the configured limits (the defaults apply where none is).
func (s *Store) Limits(ctx context.Context) ([]LimitRow, error) {
	rows, err := s.db.Query(ctx, `SELECT l.kind, COALESCE(l.category_id, 0), COALESCE(c.name, ''), l.unit, l.amount
		FROM appeal_limits l LEFT JOIN appeal_categories c ON c.id = l.category_id ORDER BY l.kind, l.category_id`)
	if err != nil {
		return nil, fmt.Errorf("list appeal limits: %w", err)
	}
	defer rows.Close()
	var out []LimitRow
	for rows.Next() {
		var r LimitRow
		if err := rows.Scan(&r.Kind, &r.CategoryID, &r.Category, &r.Limit.Unit, &r.Limit.Amount); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LimitKinds are the kinds a limit can be set for.
var LimitKinds = []string{ClassUrgent, ClassEnquiry, ClassComplaint, KindSign, KindCallback}

// SaveLimit sets the limit of kind for category (0: the whole kind); the
// office only. An amount of 0 removes the setting (back to the default).
func (s *Store) SaveLimit(ctx context.Context, p *auth.Principal, kind string, category int64, l Limit) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	valid := false
	for _, k := range LimitKinds {
		valid = valid || k == kind
	}
	if !valid {
		return ui.Errors{"kind": "appeal.err.kind"}
	}
	return s.edit(ctx, func(tx *store.Tx) error {
		if category != 0 {
			if _, err := categoryClass(ctx, tx, category); errors.Is(err, store.ErrNotFound) {
				return ui.Errors{"category": "appeal.err.category"}
			} else if err != nil {
				return err
			}
		}
		if l.Amount == 0 {
			del, args := `DELETE FROM appeal_limits WHERE kind = ? AND category_id IS NULL`, []any{kind}
			if category != 0 {
				del, args = `DELETE FROM appeal_limits WHERE kind = ? AND category_id = ?`, []any{kind, category}
			}
			if _, err := tx.Exec(ctx, del, args...); err != nil {
				return fmt.Errorf("reset appeal limit: %w", err)
			}
			s.ForgetCache()
		} else if err := s.SetLimit(ctx, tx, kind, category, l); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal_limit", EntityID: kind + ":" + strconv.FormatInt(category, 10),
			Action: "save", After: l})
	})
}

// AddRule adds an auto-dispatch rule; the office only. Category or region
// may be 0 (any) but not both.
func (s *Store) AddRule(ctx context.Context, p *auth.Principal, category, region, unit int64) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	if category == 0 && region == 0 {
		return ui.Errors{"rule": "appeal.err.rule_empty"}
	}
	return s.edit(ctx, func(tx *store.Tx) error {
		if err := unitActive(ctx, tx, unit); err != nil {
			return err
		}
		if category != 0 {
			if _, err := categoryClass(ctx, tx, category); err != nil {
				return ui.Errors{"category": "appeal.err.category"}
			}
		}
		if region != 0 {
			if err := regionExists(ctx, tx, region); err != nil {
				return ui.Errors{"region": "appeal.err.region"}
			}
		}
		id, err := store.InsertID(ctx, tx, `INSERT INTO appeal_dispatch_rules (category_id, region_id, unit_id, active, created_at)
			VALUES (?, ?, ?, TRUE, ?)`, store.NullID(category), store.NullID(region), unit, s.now().UTC())
		if err != nil {
			return fmt.Errorf("add dispatch rule: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal_rule", EntityID: strconv.FormatInt(id, 10), Action: "create",
			After: map[string]any{"category_id": category, "region_id": region, "unit_id": unit}})
	})
}

// SetRuleActive switches a rule on or off; the office only.
func (s *Store) SetRuleActive(ctx context.Context, p *auth.Principal, id int64, active bool) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	return s.edit(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE appeal_dispatch_rules SET active = ? WHERE id = ?`, active, id)
		if err != nil {
			return fmt.Errorf("switch dispatch rule: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("dispatch rule %d: %w", id, store.ErrNotFound)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal_rule", EntityID: strconv.FormatInt(id, 10), Action: "switch",
			After: map[string]any{"active": active}})
	})
}

// SaveCategory adds (c.ID 0) or edits a category; the office only. Names
// are unique; a category in use is deactivated, never deleted.
func (s *Store) SaveCategory(ctx context.Context, p *auth.Principal, c Category) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	c.Name, c.NameEn = strings.TrimSpace(c.Name), strings.TrimSpace(c.NameEn)
	errs := ui.Errors{}
	if c.Name == "" || utf8.RuneCountInString(c.Name) > 20 || !cleanText(c.Name) {
		errs["name"] = "appeal.err.category_name"
	}
	if utf8.RuneCountInString(c.NameEn) > 40 || !cleanText(c.NameEn) {
		errs["name_en"] = "appeal.err.category_name"
	}
	if !validClass(c.Class) {
		errs["class"] = "appeal.err.class"
	}
	if c.Seq < 0 || c.Seq > 999 {
		errs["seq"] = "appeal.err.seq"
	}
	if len(errs) > 0 {
		return errs
	}
	return s.edit(ctx, func(tx *store.Tx) error {
		var other int64
		err := tx.QueryRow(ctx, `SELECT id FROM appeal_categories WHERE name = ? AND id <> ?`, c.Name, c.ID).Scan(&other)
		if err == nil {
			return ui.Errors{"name": "appeal.err.category_taken"}
		}
		if err = store.NotFound(err, "category"); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		action := "update"
		if c.ID == 0 {
			action = "create"
			c.ID, err = store.InsertID(ctx, tx, `INSERT INTO appeal_categories (name, name_en, class, seq, active) VALUES (?, ?, ?, ?, ?)`,
				c.Name, c.NameEn, c.Class, c.Seq, c.Active)
		} else {
			var res interface{ RowsAffected() (int64, error) }
			res, err = tx.Exec(ctx, `UPDATE appeal_categories SET name = ?, name_en = ?, class = ?, seq = ?, active = ? WHERE id = ?`,
				c.Name, c.NameEn, c.Class, c.Seq, c.Active, c.ID)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return fmt.Errorf("category %d: %w", c.ID, store.ErrNotFound)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("save category: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal_category", EntityID: strconv.FormatInt(c.ID, 10), Action: action, After: c})
	})
}

// edit runs an edit of the references intake caches and drops the cache
// once it committed.
func (s *Store) edit(ctx context.Context, fn func(tx *store.Tx) error) error {
	err := s.db.InTx(ctx, fn)
	s.ForgetCache()
	return err
}
