package meeting

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Groups are the participant groups the office usually picks (others may be typed).
var Groups = []string{"村民代表", "企业", "老党员", "妇女代表", "青年", "网格员", "新乡贤"}

// maxOpinions bounds the opinions of one symposium.
const maxOpinions = 500

// Opinions lists a symposium's opinions with the outcome of each: the linked
// task's state, or the linked appeal's state.
func Opinions(ctx context.Context, q store.Querier, meeting int64) ([]Opinion, error) {
	rows, err := q.Query(ctx, `SELECT o.id, o.meeting_id, o.group_name, o.text, COALESCE(o.task_id, 0), COALESCE(t.state, ''),
		COALESCE(t.title, ''), COALESCE(o.appeal_id, 0), o.created_at
		FROM meeting_opinions o LEFT JOIN tasks t ON t.id = o.task_id WHERE o.meeting_id = ? ORDER BY o.id`, meeting)
	if err != nil {
		return nil, fmt.Errorf("opinions: %w", err)
	}
	var out []Opinion
	for rows.Next() {
		var o Opinion
		if err := rows.Scan(&o.ID, &o.MeetingID, &o.Group, &o.Text, &o.TaskID, &o.TaskState, &o.TaskTitle, &o.AppealID,
			&o.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("opinions: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opinions: %w", err)
	}
	for i := range out {
		if out[i].AppealID == 0 {
			continue
		}
		// The appeals table belongs to another part; read only its state.
		err := q.QueryRow(ctx, `SELECT state FROM appeals WHERE id = ?`, out[i].AppealID).Scan(&out[i].AppealState)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("opinion appeal: %w", err)
		}
	}
	return out, nil
}

// forum reads a symposium p may change: the office only, kind forum.
func (s *Store) forum(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64) (Meeting, error) {
	if !p.Has(auth.RoleOffice) {
		return Meeting{}, ui.ErrForbidden
	}
	m, err := s.get(ctx, tx, p, id)
	if err != nil {
		return m, err
	}
	if m.Kind != KindForum {
		return m, fmt.Errorf("meeting %d is not a symposium: %w", id, ui.ErrBadRequest)
	}
	return m, nil
}

// AddOpinion records an opinion raised at symposium id by group.
func (s *Store) AddOpinion(ctx context.Context, p *auth.Principal, id int64, group, text string) (int64, error) {
	group, text = strings.TrimSpace(group), strings.TrimSpace(text)
	errs := ui.Errors{}
	checkText(errs, "group", group, maxGroup, true)
	checkText(errs, "opinion", text, maxOpinion, true)
	var oid int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.forum(ctx, tx, p, id); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM meeting_opinions WHERE meeting_id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("count opinions: %w", err)
		}
		if n >= maxOpinions {
			errs["opinion"] = "meeting.err.too_many"
		}
		if len(errs) > 0 {
			return errs
		}
		var err error
		oid, err = store.InsertID(ctx, tx, `INSERT INTO meeting_opinions (meeting_id, group_name, text, created_by, created_at)
			VALUES (?, ?, ?, ?, ?)`, id, group, text, store.NullID(p.ID), s.now().UTC())
		if err != nil {
			return fmt.Errorf("insert opinion: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_opinion", EntityID: itoa(oid), Action: "create",
			After: map[string]any{"meeting": id, "group": group, "chars": len([]rune(text))}})
	})
	return oid, err
}

// opinion reads an opinion of a symposium the office may change, not yet
// turned into a task or an appeal.
func (s *Store) opinion(ctx context.Context, tx *store.Tx, p *auth.Principal, oid int64) (Opinion, Meeting, error) {
	var o Opinion
	var taskID, appealID sql.NullInt64
	err := tx.QueryRow(ctx, `SELECT id, meeting_id, group_name, text, task_id, appeal_id FROM meeting_opinions WHERE id = ?`, oid).
		Scan(&o.ID, &o.MeetingID, &o.Group, &o.Text, &taskID, &appealID)
	if err := store.NotFound(err, "opinion"); err != nil {
		return o, Meeting{}, err
	}
	m, err := s.forum(ctx, tx, p, o.MeetingID)
	if err != nil {
		return o, m, err
	}
	if taskID.Valid || appealID.Valid {
		return o, m, ErrOpinionDone
	}
	return o, m, nil
}

// ErrOpinionDone refuses to turn an opinion into a second task or appeal.
var ErrOpinionDone = fmt.Errorf("opinion already turned into a task or an appeal: %w", ui.ErrBadRequest)

// OpinionSources are the task sources an opinion may become: 调研发现, 群众诉求.
var OpinionSources = []string{"research", "appeal"}

// OpinionTaskInput is what turning an opinion into a task takes.
type OpinionTaskInput struct {
	LeadUnitID int64
	Deadline   string
	Source     string // research | appeal
}

// OpinionToTask turns opinion oid into an assigned task of the symposium's
// campaign and links it, in one transaction; the office only.
func (s *Store) OpinionToTask(ctx context.Context, p *auth.Principal, oid int64, in OpinionTaskInput) (int64, error) {
	errs := ui.Errors{}
	today := s.now().In(ui.Shanghai).Format("2006-01-02")
	d, ok := parseDate(in.Deadline)
	switch {
	case strings.TrimSpace(in.Deadline) == "":
		errs["deadline"] = "form.required"
	case !ok:
		errs["deadline"] = "meeting.err.date"
	case d < today:
		errs["deadline"] = "meeting.err.decision_past"
	}
	if in.LeadUnitID <= 0 {
		errs["lead_unit"] = "form.required"
	}
	if !slices.Contains(OpinionSources, in.Source) {
		errs["source"] = "form.invalid"
	}
	var tid int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, m, err := s.opinion(ctx, tx, p, oid)
		if err != nil {
			return err
		}
		di := DecisionInput{LeadUnitID: in.LeadUnitID}
		if err := di.checkUnits(ctx, tx, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		ti := task.Input{CampaignID: m.CampaignID, Title: taskTitle(o.Text), Source: in.Source, Weight: 1,
			Content:    clip(fmt.Sprintf("%s\n\n（%s · %s）", o.Text, m.Title, o.Group), 5000),
			LeadUnitID: in.LeadUnitID, StartDate: today, Deadline: d, ReportCycle: "none"}
		if tid, err = s.tasks.Seed(ctx, tx, p, ti, task.StateAssigned, 0); err != nil {
			return fmt.Errorf("opinion %d to task: %w", oid, err)
		}
		signDue, err := s.signDue(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE tasks SET sign_due = ? WHERE id = ?`, signDue, tid); err != nil {
			return fmt.Errorf("task sign due: %w", err)
		}
		res, err := tx.Exec(ctx, `UPDATE meeting_opinions SET task_id = ? WHERE id = ? AND task_id IS NULL AND appeal_id IS NULL`, tid, oid)
		if err := linked(res, err, oid); err != nil {
			return err
		}
		if err := s.notifyLead(ctx, tx, in.LeadUnitID, tid, "座谈会意见已交办："+ti.Title, m.Title, "meeting.opinion"); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_opinion", EntityID: itoa(oid), Action: "to_task",
			Before: map[string]any{"task": nil}, After: map[string]any{"task": tid, "lead_unit": in.LeadUnitID, "deadline": d}})
	})
	return tid, err
}
