package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// PublishDecisions turns every unpublished decision of meeting id into an
// assigned task (source 会议议定) linked by its task_id, all in one
// transaction, and tells the lead units' liaisons; the office only. A
// decision without lead unit or deadline (or with a deadline already past)
// refuses the whole publication with an error beside it ("decision_<id>").
// Publishing again creates nothing for decisions already published; it
// returns how many tasks it created.
func (s *Store) PublishDecisions(ctx context.Context, p *auth.Principal, id int64) (int, error) {
	if !p.Has(auth.RoleOffice) {
		return 0, ui.ErrForbidden
	}
	created := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		ds, err := Decisions(ctx, tx, id)
		if err != nil {
			return err
		}
		today := s.now().In(ui.Shanghai).Format("2006-01-02")
		var todo []Decision
		errs := ui.Errors{}
		for _, d := range ds {
			if d.TaskID != 0 {
				continue
			}
			if code := publishable(d, today); code != "" {
				errs[fmt.Sprintf("decision_%d", d.ID)] = code
			}
			todo = append(todo, d)
		}
		if len(errs) > 0 {
			return errs
		}
		if len(todo) == 0 {
			return nil
		}
		signDue, err := s.signDue(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range todo {
			if err := s.publishOne(ctx, tx, p, &m, d, today, signDue); err != nil {
				return err
			}
			created++
		}
		return s.bump(ctx, tx, id, "decisions_published_at = ?", s.now().UTC())
	})
	if err != nil {
		return 0, err
	}
	return created, nil
}

// publishable returns why d cannot become a task, or ”.
func publishable(d Decision, today string) string {
	switch {
	case d.LeadUnitID == 0 && d.Deadline == "":
		return "meeting.err.decision_incomplete"
	case d.LeadUnitID == 0:
		return "meeting.err.decision_lead"
	case d.Deadline == "":
		return "meeting.err.decision_deadline"
	case d.Deadline < today:
		return "meeting.err.decision_past"
	}
	return ""
}

// publishOne creates d's task and links it; the link is written only while
// the decision is still unlinked, so a concurrent publication cannot make a
// second task (the transaction then fails and rolls back).
func (s *Store) publishOne(ctx context.Context, tx *store.Tx, p *auth.Principal, m *Meeting, d Decision, today, signDue string) error {
	co := make([]int64, len(d.CoUnits))
	for i, u := range d.CoUnits {
		co[i] = u.ID
	}
	in := task.Input{CampaignID: m.CampaignID, Title: taskTitle(d.Text), Content: clip(fmt.Sprintf("%s\n\n（%s 议定事项第%d项）", d.Text, m.Title, d.Seq), 5000),
		Weight: 1, Source: "meeting", LeadUnitID: d.LeadUnitID, CoUnitIDs: co, StartDate: today, Deadline: d.Deadline,
		ReportCycle: "none"}
	tid, err := s.tasks.Seed(ctx, tx, p, in, task.StateAssigned, 0)
	if err != nil {
		return fmt.Errorf("decision %d to task: %w", d.ID, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE tasks SET sign_due = ? WHERE id = ?`, signDue, tid); err != nil {
		return fmt.Errorf("task sign due: %w", err)
	}
	res, err := tx.Exec(ctx, `UPDATE meeting_decisions SET task_id = ? WHERE id = ? AND task_id IS NULL`, tid, d.ID)
	if err := linked(res, err, d.ID); err != nil {
		return err
	}
	if err := s.notifyLead(ctx, tx, d.LeadUnitID, tid, "会议议定事项已交办："+in.Title, m.Title, "meeting.decision"); err != nil {
		return err
	}
	return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_decision", EntityID: itoa(d.ID), Action: "publish",
		Before: map[string]any{"task": nil}, After: map[string]any{"task": tid, "meeting": m.ID, "lead_unit": d.LeadUnitID,
			"deadline": d.Deadline}})
}

// linked checks that the link UPDATE touched exactly one row.
func linked(res interface{ RowsAffected() (int64, error) }, err error, id int64) error {
	if err != nil {
		return fmt.Errorf("link %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("link %d: already linked: %w", id, store.ErrConflict)
	}
	return nil
}

// notifyLead tells the liaisons of unit about the new task tid, once.
func (s *Store) notifyLead(ctx context.Context, tx *store.Tx, unit, tid int64, title, body, kind string) error {
	people, err := unitPeople(ctx, tx, unit)
	if err != nil {
		return err
	}
	for _, to := range people {
		_, err := notify.Notify(ctx, tx, s.now().UTC(), to, notify.Notification{Kind: kind, Title: title, Body: body,
			Link: "/tasks/" + itoa(tid), Key: fmt.Sprintf("%s:%d:%d", kind, tid, to)})
		if err != nil {
			return err
		}
	}
	return nil
}

// signDue is the date by which an assigned task must be signed for: the
// workflow's limit in working days from today.
func (s *Store) signDue(ctx context.Context, q store.Querier) (string, error) {
	cal, err := workday.Load(ctx, q)
	if err != nil {
		return "", fmt.Errorf("sign due: %w", err)
	}
	today := s.now().In(ui.Shanghai)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, ui.Shanghai)
	return cal.AddWorkdays(today, task.SignDays).Format("2006-01-02"), nil
}

// taskTitle is the first line of text, cut to a task title's length.
func taskTitle(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	return clip(strings.TrimSpace(line), 200)
}

// clip cuts s to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
