package meeting

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// RequestStatements asks every attending unit for a statement (汇报材料) by
// due (as typed, Shanghai time) and notifies the units' liaisons and heads in
// the app; the office only. Asking again moves the deadline and notifies again.
func (s *Store) RequestStatements(ctx context.Context, p *auth.Principal, id int64, due string) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	at, code := parseDateTime(due)
	if code != "" {
		return ui.Errors{"statement_due": code}
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if len(m.Units) == 0 {
			return ui.Errors{"statement_due": "meeting.err.no_units"}
		}
		if err := s.bump(ctx, tx, id, "statement_due = ?", at); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_units SET statement_requested = TRUE WHERE meeting_id = ?`, id); err != nil {
			return fmt.Errorf("request statements: %w", err)
		}
		if err := s.notifyUnits(ctx, tx, &m, at); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting", EntityID: itoa(id), Action: "request_statements",
			Before: map[string]any{"statement_due": timeOrNil(m.StatementDue)},
			After:  map[string]any{"statement_due": at.Format(time.RFC3339), "units": m.UnitIDs()}})
	})
}

// notifyUnits tells the liaisons and heads of m's units that a statement is
// due; one notification per person and deadline. The text is Chinese, the
// working language of the notices.
func (s *Store) notifyUnits(ctx context.Context, tx *store.Tx, m *Meeting, due time.Time) error {
	now := s.now().UTC()
	for _, u := range m.Units {
		people, err := unitPeople(ctx, tx, u.UnitID)
		if err != nil {
			return err
		}
		for _, to := range people {
			_, err := notify.Notify(ctx, tx, now, to, notify.Notification{Kind: "meeting.statement",
				Title: "请报送会议汇报材料：" + m.Title,
				Body:  "截止时间 " + due.In(ui.Shanghai).Format("2006-01-02 15:04") + "，单位：" + u.Name,
				Link:  "/meetings/" + itoa(m.ID),
				Key:   fmt.Sprintf("meeting.statement:%d:%d:%d:%d", m.ID, u.UnitID, to, due.Unix())})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// unitPeople lists the enabled liaisons and unit heads serving unit (own
// unit or 兼职).
func unitPeople(ctx context.Context, q store.Querier, unit int64) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role IN (?, ?)
		WHERE NOT u.disabled AND (u.unit_id = ? OR EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id = ?))
		ORDER BY u.id`, auth.RoleLiaison, auth.RoleUnitHead, unit, unit)
	if err != nil {
		return nil, fmt.Errorf("unit people: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("unit people: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CanSubmitStatement reports whether p may hand in unit's statement for m:
// a liaison or head of that attending unit, once statements were requested.
func CanSubmitStatement(p *auth.Principal, m *Meeting, unit int64) bool {
	if !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) || !slices.Contains(p.Units, unit) {
		return false
	}
	for _, u := range m.Units {
		if u.UnitID == unit {
			return u.Requested
		}
	}
	return false
}

// StatementUnits lists the units of m whose statement p may hand in.
func StatementUnits(p *auth.Principal, m *Meeting) []Unit {
	var out []Unit
	for _, u := range m.Units {
		if CanSubmitStatement(p, m, u.UnitID) {
			out = append(out, u)
		}
	}
	return out
}

// SubmitStatement stores (or replaces) unit's statement for meeting id; a
// statement after the deadline is kept and shown as late.
func (s *Store) SubmitStatement(ctx context.Context, p *auth.Principal, id, unit int64, text string) error {
	text = strings.TrimSpace(text)
	errs := ui.Errors{}
	checkText(errs, "statement", text, maxStatement, true)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !CanSubmitStatement(p, &m, unit) {
			return ui.ErrForbidden
		}
		if len(errs) > 0 {
			return errs
		}
		var before string
		var beforeAt sql.NullTime
		if err := tx.QueryRow(ctx, `SELECT statement, statement_at FROM meeting_units WHERE meeting_id = ? AND unit_id = ?`,
			id, unit).Scan(&before, &beforeAt); err != nil {
			return fmt.Errorf("statement: %w", err)
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE meeting_units SET statement = ?, statement_by = ?, statement_at = ?
			WHERE meeting_id = ? AND unit_id = ?`, text, p.ID, now, id, unit); err != nil {
			return fmt.Errorf("save statement: %w", err)
		}
		action := "submit_statement"
		if beforeAt.Valid {
			action = "replace_statement"
		}
		late := m.StatementDue != nil && now.After(*m.StatementDue)
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting", EntityID: itoa(id), Action: action,
			Before: map[string]any{"unit": unit, "chars": len([]rune(before))},
			After:  map[string]any{"unit": unit, "chars": len([]rune(text)), "late": late}})
	})
}

func timeOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(time.RFC3339)
}
