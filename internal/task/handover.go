package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// HandoverInput moves all open work of one person of a unit to another
// (工作交接: a liaison leaves or goes on leave).
type HandoverInput struct {
	UnitID int64
	FromID int64
	ToID   int64
	Reason string
}

// CanHandover reports whether p may hand over work inside unit: the office
// for any unit, a unit head for the units they serve.
func CanHandover(p *auth.Principal, unit int64) bool {
	return p.Has(auth.RoleOffice) || (p.Has(auth.RoleUnitHead) && slices.Contains(p.Units, unit))
}

// Member is a person serving a unit, with the open tasks they are responsible for.
type Member struct {
	ID    int64
	Name  string
	Open  int
	Roles string
}

// Handover reassigns every open task (not done or cancelled) of in.UnitID
// whose responsible person is in.FromID to in.ToID, who must serve the same
// unit. Each task gets a timeline entry and an audit entry; the target is
// notified once. It returns how many tasks moved.
func (s *Store) Handover(ctx context.Context, p *auth.Principal, in HandoverInput) (int, error) {
	if !CanHandover(p, in.UnitID) {
		return 0, forbidden("handover")
	}
	var moved int
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		from, to, err := s.checkHandover(ctx, tx, &in)
		if err != nil {
			return err
		}
		tasks, err := openResponsible(ctx, tx, in.UnitID, in.FromID)
		if err != nil {
			return err
		}
		if len(tasks) == 0 {
			return ui.Errors{"from": "handover.err.nothing"}
		}
		now := s.now().UTC()
		comment := from.Name + " → " + to.Name + "：" + in.Reason
		for _, t := range tasks {
			res, err := tx.Exec(ctx, `UPDATE tasks SET responsible_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
				to.ID, now, t.ID, t.Version)
			if err := oneRow(res, err, t.ID); err != nil {
				return err
			}
			if err := s.event(ctx, tx, p, t.ID, "handover", t.State, t.State, comment); err != nil {
				return err
			}
			if err := s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(t.ID), Action: "handover",
				Before: map[string]any{"responsible": from.ID, "version": t.Version},
				After:  map[string]any{"responsible": to.ID, "reason": in.Reason, "version": t.Version + 1}}); err != nil {
				return err
			}
		}
		moved = len(tasks)
		_, err = notify.Notify(ctx, tx, now, to.ID, notify.Notification{Kind: "task.handover",
			Title: fmt.Sprintf("工作交接：%s 的 %d 项任务已移交给您", from.Name, moved), Body: in.Reason, Link: "/my",
			Key: fmt.Sprintf("task.handover:%d:%d:%d", tasks[0].ID, to.ID, now.UnixNano())})
		return err
	})
	return moved, err
}

// checkHandover validates the people and the reason: both must serve the
// unit, the target must be enabled and someone else.
func (s *Store) checkHandover(ctx context.Context, q store.Querier, in *HandoverInput) (from, to Choice, err error) {
	errs := ui.Errors{}
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Reason == "":
		errs["reason"] = "handover.err.reason"
	case utf8.RuneCountInString(in.Reason) > maxReason:
		errs["reason"] = "form.too_long"
	}
	if from, err = unitMember(ctx, q, in.UnitID, in.FromID, false); err != nil {
		return from, to, err
	}
	if to, err = unitMember(ctx, q, in.UnitID, in.ToID, true); err != nil {
		return from, to, err
	}
	if from.ID == 0 {
		errs["from"] = "handover.err.from"
	}
	switch {
	case to.ID == 0:
		errs["to"] = "handover.err.to"
	case to.ID == from.ID:
		errs["to"] = "handover.err.same"
	}
	if len(errs) > 0 {
		return from, to, errs
	}
	return from, to, nil
}

// servesUnit is the SQL condition that user u serves unit ? (own or 兼职).
const servesUnit = `(u.unit_id = ? OR EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id = ?))`

// unitMember reads user id if they serve unit (and are enabled, when
// enabled is set); otherwise a zero Choice.
func unitMember(ctx context.Context, q store.Querier, unit, id int64, enabled bool) (Choice, error) {
	var c Choice
	cond := ""
	if enabled {
		cond = " AND NOT u.disabled"
	}
	err := q.QueryRow(ctx, `SELECT u.id, u.name FROM users u WHERE u.id = ? AND `+servesUnit+cond, id, unit, unit).Scan(&c.ID, &c.Name)
	if err == sql.ErrNoRows {
		return Choice{}, nil
	}
	if err != nil {
		return Choice{}, fmt.Errorf("unit member: %w", err)
	}
	return c, nil
}

// openResponsible lists the open tasks unit leads with user responsible.
func openResponsible(ctx context.Context, q store.Querier, unit, user int64) ([]Task, error) {
	var out []Task
	err := eachRow(ctx, q, `SELECT id, state, version FROM tasks WHERE lead_unit_id = ? AND responsible_id = ?
		AND state NOT IN (?, ?) ORDER BY id`, []any{unit, user, StateDone, StateCancelled}, func(rows *sql.Rows) error {
		var t Task
		err := rows.Scan(&t.ID, &t.State, &t.Version)
		out = append(out, t)
		return err
	})
	return out, err
}

// Members lists the people serving unit with their open tasks there (the
// handover form's choices).
func (s *Store) Members(ctx context.Context, unit int64) ([]Member, error) {
	var out []Member
	err := eachRow(ctx, s.db, `SELECT u.id, u.name, (SELECT COUNT(*) FROM tasks t WHERE t.lead_unit_id = ? AND t.responsible_id = u.id
		AND t.state NOT IN (?, ?)) FROM users u WHERE NOT u.disabled AND `+servesUnit+` ORDER BY u.id`,
		[]any{unit, StateDone, StateCancelled, unit, unit}, func(rows *sql.Rows) error {
			var m Member
			err := rows.Scan(&m.ID, &m.Name, &m.Open)
			out = append(out, m)
			return err
		})
	return out, err
}
