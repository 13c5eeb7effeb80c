package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Part is a co-unit's own share of the work, which the lead unit sees.
type Part struct {
	UnitID    int64
	UnitName  string
	Body      string
	Progress  int
	UpdatedBy string
	UpdatedAt time.Time
}

// Parts lists the co-units' parts of a task (the caller has checked scope).
func (s *Store) Parts(ctx context.Context, task int64) ([]Part, error) {
	var out []Part
	err := eachRow(ctx, s.db, `SELECT p.unit_id, u.name, p.body, p.progress, COALESCE(b.name, ''), p.updated_at
		FROM task_parts p JOIN units u ON u.id = p.unit_id LEFT JOIN users b ON b.id = p.updated_by
		WHERE p.task_id = ? ORDER BY u.id`, []any{task}, func(rows *sql.Rows) error {
		var p Part
		err := rows.Scan(&p.UnitID, &p.UnitName, &p.Body, &p.Progress, &p.UpdatedBy, &p.UpdatedAt)
		out = append(out, p)
		return err
	})
	return out, err
}

// PartUnit is the co-unit p writes a part for on t: the first of p's units
// that co-handles t, or 0 when p may not write one (only a liaison or unit
// head of a co-unit may).
func PartUnit(p *auth.Principal, t *Task) int64 {
	if !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) || t.State.Final() {
		return 0
	}
	for _, u := range p.Units {
		if t.HasCoUnit(u) {
			return u
		}
	}
	return 0
}

// SavePart writes (or replaces) the viewer's co-unit part of task id.
func (s *Store) SavePart(ctx context.Context, p *auth.Principal, id int64, body string, progress int) error {
	body = strings.TrimSpace(body)
	errs := ui.Errors{}
	checkText(errs, "body", body, maxContent, true)
	checkRange(errs, "part_progress", progress, 0, 100)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		unit := PartUnit(p, &t)
		if unit == 0 {
			if t.State.Final() && slices.ContainsFunc(p.Units, t.HasCoUnit) {
				return ErrInvalidState
			}
			return ui.ErrForbidden
		}
		if len(errs) > 0 {
			return errs
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO task_parts (task_id, unit_id, body, progress, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, unit_id) DO UPDATE SET body = excluded.body,
			progress = excluded.progress, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			id, unit, body, progress, p.ID, now); err != nil {
			return fmt.Errorf("save part: %w", err)
		}
		if err := s.event(ctx, tx, p, id, "part", t.State, t.State, fmt.Sprintf("%d%%", progress)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "task_part", EntityID: itoa(id) + ":" + itoa(unit), Action: "save",
			After: map[string]any{"progress": progress, "length": len([]rune(body))}})
	})
}
