package appeal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/notify"
	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Rungs of the appeals' escalation, as for tasks.
const (
	RungUrge      = "urge"      // 催办: to the handling unit's heads once the limit passed
	RungSupervise = "supervise" // 督办: to the office SuperviseDays working days after
)

// EscalateJob is the scheduler's name for the daily run.
const EscalateJob = "appeal.escalate"

// SuperviseDays is how many working days past the limit 督办 goes out.
var SuperviseDays = 2

// RegisterJobs adds the daily escalation (08:40 Shanghai time, after the
// tasks' run) to the scheduler.
func (s *Store) RegisterJobs(sch *jobs.Scheduler) {
	sch.Register(EscalateJob, jobs.Daily(8, 40), func(ctx context.Context, run jobs.Run) error {
		now := run.Now
		if now.IsZero() {
			now = s.now()
		}
		_, err := s.Escalate(ctx, now)
		return err
	})
}

type overdue struct {
	id     int64
	code   string
	unit   int64
	dueAt  time.Time
	catego string
}

// Escalate sends, for every open appeal past its limit at now, 催办 to the
// handling unit's heads (its liaisons when it has none; the office while no
// unit holds it) and, SuperviseDays working days later, 督办 to the office;
// each rung once per appeal. It returns how many were sent.
func (s *Store) Escalate(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT a.id, a.code, COALESCE(a.unit_id, 0), a.due_at, c.name FROM appeals a
		JOIN appeal_categories c ON c.id = a.category_id
		WHERE a.state IN ('received', 'dispatched', 'back', 'signed', 'answered') AND a.due_at < ?
		AND (SELECT COUNT(*) FROM appeal_escalations e WHERE e.appeal_id = a.id) < 2 ORDER BY a.id`, now.UTC())
	if err != nil {
		return 0, fmt.Errorf("overdue appeals: %w", err)
	}
	var list []overdue
	for rows.Next() {
		var o overdue
		if err := rows.Scan(&o.id, &o.code, &o.unit, &o.dueAt, &o.catego); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan overdue appeal: %w", err)
		}
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	cal, err := s.calendar(ctx, s.db)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, o := range list {
		rungs := []string{RungUrge}
		if cal.WorkdaysBetween(o.dueAt.In(ui.Shanghai), now.In(ui.Shanghai)) >= SuperviseDays {
			rungs = append(rungs, RungSupervise)
		}
		for _, rung := range rungs {
			ok, err := s.escalateOne(ctx, o, rung, now)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

var errSent = errors.New("escalation already sent")

// escalateOne sends one rung for one appeal in one transaction.
func (s *Store) escalateOne(ctx context.Context, o overdue, rung string, now time.Time) (bool, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO appeal_escalations (appeal_id, rung, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			o.id, rung, now.UTC())
		if err != nil {
			return fmt.Errorf("record escalation: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errSent
		}
		to, err := s.escalationRecipients(ctx, tx, o.unit, rung)
		if err != nil {
			return err
		}
		word := map[string]string{RungUrge: "催办", RungSupervise: "督办"}[rung]
		title := word + "：诉求 " + o.code + "（" + o.catego + "）已超过办理时限"
		body := "办理时限 " + o.dueAt.In(ui.Shanghai).Format("2006-01-02 15:04") + "，请尽快办理并答复。"
		link := "/appeals/" + strconv.FormatInt(o.id, 10)
		for _, u := range to {
			if _, err := notify.Notify(ctx, tx, now, u, notify.Notification{Kind: "appeal." + rung, Title: title, Body: body,
				Link: link, Key: "appeal." + rung + ":" + strconv.FormatInt(o.id, 10) + ":" + strconv.FormatInt(u, 10)}); err != nil {
				return err
			}
		}
		if err := s.event(ctx, tx, o.id, nil, "escalate_"+rung, "", "", o.unit, title, now.UTC()); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal", EntityID: strconv.FormatInt(o.id, 10),
			Action: "escalate_" + rung, After: map[string]any{"unit_id": o.unit, "recipients": len(to)}})
	})
	if errors.Is(err, errSent) {
		return false, nil
	}
	return err == nil, err
}

// escalationRecipients: 催办 goes to the unit's heads (else its liaisons; the
// office when no unit holds the appeal), 督办 to the office.
func (s *Store) escalationRecipients(ctx context.Context, q store.Querier, unit int64, rung string) ([]int64, error) {
	if rung == RungUrge && unit != 0 {
		for _, role := range []string{"unithead", "liaison"} {
			ids, err := userIDs(ctx, q, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
				WHERE r.role = ? AND NOT u.disabled AND (u.unit_id = ? OR EXISTS (SELECT 1 FROM user_units x
				WHERE x.user_id = u.id AND x.unit_id = ?)) ORDER BY u.id`, role, unit, unit)
			if err != nil || len(ids) > 0 {
				return ids, err
			}
		}
	}
	return userIDs(ctx, q, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = 'office' AND NOT u.disabled ORDER BY u.id`)
}

func userIDs(ctx context.Context, q store.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("escalation recipients: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
