package task

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// recipient is a user a notice goes to.
type recipient struct {
	ID    int64
	Name  string
	Email string // "" when the user has none
}

// errAlreadyIssued rolls an issue back when the notice exists already.
var errAlreadyIssued = errors.New("notice already issued")

// issue writes one notice in one transaction: its number, the row and its
// recipients, the timeline entry, the in-app notifications, the outbox
// entries for the robots and the audit entry. It reports false when the
// notice existed already (nothing is written then).
func (e *Escalator) issue(ctx context.Context, cal *workday.Calendar, t *escTask, it item, rung, today string, l ladder) (bool, error) {
	to, err := e.recipients(ctx, t, rung)
	if err != nil {
		return false, err
	}
	replyBy := replyDate(cal, it, rung, today, l)
	names := make([]string, len(to))
	for i, r := range to {
		names[i] = r.Name
	}
	now := e.now().UTC()
	err = e.db.InTx(ctx, func(tx *store.Tx) error {
		var exists int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM task_notices WHERE task_id = ? AND item_kind = ? AND due_date = ? AND rung = ?`,
			t.ID, it.kind, it.date, rung).Scan(&exists); err != nil {
			return fmt.Errorf("check notice: %w", err)
		}
		if exists > 0 {
			return errAlreadyIssued
		}
		year, _ := strconv.Atoi(today[:4])
		var seq int
		if err := tx.QueryRow(ctx, `INSERT INTO task_notice_counters (rung, year, last) VALUES (?, ?, 1)
			ON CONFLICT (rung, year) DO UPDATE SET last = task_notice_counters.last + 1 RETURNING last`, rung, year).Scan(&seq); err != nil {
			return fmt.Errorf("number notice: %w", err)
		}
		number := fmt.Sprintf("%s〔%d〕%d号", rungWord[rung], year, seq)
		id, err := store.InsertID(ctx, tx, `INSERT INTO task_notices (task_id, item_kind, due_date, rung, year, seq, number,
			unit_id, issuer_unit_id, recipients, reply_by, issued_on, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, it.kind, it.date, rung, year, seq, number, t.LeadUnitID, t.issuer, strings.Join(names, "、"), replyBy, today, now)
		if err != nil {
			return fmt.Errorf("insert notice: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO task_events (task_id, at, actor, action, from_state, to_state, comment)
			VALUES (?, ?, 'system', ?, ?, ?, ?)`, t.ID, now, "notice_"+rung+"_"+it.kind, t.State, t.State,
			number+" · "+it.date); err != nil {
			return fmt.Errorf("notice event: %w", err)
		}
		if err := e.deliver(ctx, tx, t, it, rung, id, number, replyBy, to); err != nil {
			return err
		}
		return e.audit.Record(ctx, tx, audit.Entry{Entity: "task_notice", EntityID: itoa(id), Action: "issue",
			After: map[string]any{"task": t.ID, "item": it.kind, "due": it.date, "rung": rung, "number": number,
				"unit": t.LeadUnitID, "recipients": len(to)}})
	})
	if errors.Is(err, errAlreadyIssued) {
		return false, nil
	}
	return err == nil, err
}

// deliver notifies each recipient in-app and queues the robots' messages.
// The texts are the official notice's Chinese wording, as on the paper form.
func (e *Escalator) deliver(ctx context.Context, tx *store.Tx, t *escTask, it item, rung string, id int64, number, replyBy string, to []recipient) error {
	title, body := noticeText(t.Title, it, rung, number, replyBy)
	link := "/notices/" + itoa(id)
	now := e.now()
	for _, r := range to {
		if _, err := notify.Notify(ctx, tx, now, r.ID, notify.Notification{Kind: "task.notice." + rung, Title: title,
			Body: body, Link: link, Key: "task.notice:" + itoa(id) + ":user:" + itoa(r.ID)}); err != nil {
			return err
		}
	}
	on, err := notify.EnabledChannels(ctx, tx)
	if err != nil {
		return err
	}
	if on.Mail {
		for _, r := range to {
			if !notify.ValidEmail(r.Email, false) { // none, or one a bad import stored: never block the notice
				continue
			}
			if _, err := notify.Enqueue(ctx, tx, now, notify.Delivery{Channel: notify.ChannelEmail, Target: r.Email,
				Subject: title, Body: body, Link: link, Key: "task.notice:" + itoa(id) + ":email:" + itoa(r.ID)}); err != nil {
				return err
			}
		}
	}
	// A robot named both here and in the settings is queued once: the key
	// is the same, and Enqueue keeps one delivery per key.
	for _, robot := range append(slices.Clone(e.Robots), on.Robots...) {
		if _, err := notify.Enqueue(ctx, tx, now, notify.Delivery{Channel: notify.ChannelRobot, Target: robot,
			Subject: title, Body: body, Link: link, Key: "task.notice:" + itoa(id) + ":robot:" + robot}); err != nil {
			return err
		}
	}
	return nil
}

// noticeText is the notification's title and body.
func noticeText(task string, it item, rung, number, replyBy string) (string, string) {
	what, verb := "办结期限 "+it.date, "办结"
	if it.kind == ItemReport {
		what, verb = "进展报送 "+it.date, "报送"
	}
	switch rung {
	case RungBlue:
		return number + "：《" + task + "》" + what + " 即将到期", "请于 " + replyBy + " 前" + verb + "。"
	case RungRed:
		return number + "：《" + task + "》" + what + " 逾期，将在下期调度通报中点名", "请于 " + replyBy + " 前" + verb + "。"
	}
	return number + "：《" + task + "》" + what + " 已逾期", "请于 " + replyBy + " 前" + verb + "。"
}

// replyDate is the date the notice asks the unit to act by: the item's own
// date for a reminder, else the day the next rung would be issued.
func replyDate(cal *workday.Calendar, it item, rung, today string, l ladder) string {
	n := l.orange
	switch rung {
	case RungBlue:
		return it.date
	case RungOrange, RungRed:
		n = l.red
	}
	if n < 1 {
		n = 1
	}
	return cal.AddWorkdays(day(today), n).Format(dateLayout)
}

// recipients are who a rung's notice goes to: blue the responsible person;
// yellow the lead unit's heads; orange the leader in charge; red the leader
// and the unit's heads. Where nobody fills the role (no responsible person,
// no head, no leader) the notice goes one step sideways: to the unit's
// liaisons for blue and yellow, to its heads (or liaisons) for orange.
func (e *Escalator) recipients(ctx context.Context, t *escTask, rung string) ([]recipient, error) {
	var out []recipient
	add := func(rs []recipient, err error) error {
		for _, r := range rs {
			if !containsRecipient(out, r.ID) {
				out = append(out, r)
			}
		}
		return err
	}
	heads := func() error {
		if err := add(e.unitMembers(ctx, t.LeadUnitID, "unithead")); err != nil || len(out) > 0 {
			return err
		}
		return add(e.unitMembers(ctx, t.LeadUnitID, "liaison"))
	}
	var err error
	switch rung {
	case RungBlue:
		if err = add(e.activeUser(ctx, t.ResponsibleID)); err == nil && len(out) == 0 {
			err = add(e.unitMembers(ctx, t.LeadUnitID, "liaison"))
		}
	case RungYellow:
		err = heads()
	case RungOrange:
		if err = add(e.activeUser(ctx, t.LeaderID)); err == nil && len(out) == 0 {
			err = heads()
		}
	case RungRed:
		if err = add(e.activeUser(ctx, t.LeaderID)); err == nil {
			err = heads()
		}
	}
	return out, err
}

func containsRecipient(rs []recipient, id int64) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

// activeUser is the user id when it is set and not disabled.
func (e *Escalator) activeUser(ctx context.Context, id int64) ([]recipient, error) {
	if id == 0 {
		return nil, nil
	}
	return e.users(ctx, `SELECT id, name, email FROM users WHERE id = ? AND NOT disabled`, id)
}

// unitMembers are the active users of unit (by their main unit or serving it
// part-time) holding role.
func (e *Escalator) unitMembers(ctx context.Context, unit int64, role string) ([]recipient, error) {
	return e.users(ctx, `SELECT u.id, u.name, u.email FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = ? AND NOT u.disabled AND (u.unit_id = ? OR EXISTS (SELECT 1 FROM user_units x
			WHERE x.user_id = u.id AND x.unit_id = ?)) ORDER BY u.id`, role, unit, unit)
}

func (e *Escalator) users(ctx context.Context, q string, args ...any) ([]recipient, error) {
	var out []recipient
	err := eachRow(ctx, e.db, q, args, func(rows *sql.Rows) error {
		var r recipient
		err := rows.Scan(&r.ID, &r.Name, &r.Email)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("notice recipients: %w", err)
	}
	return out, nil
}
