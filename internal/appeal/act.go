package appeal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// ActInput carries what an action needs besides the appeal: a reason or
// answer, a unit (dispatch, co-unit), a date (extension, task deadline),
// solved (answer), a rating (回访), a campaign (to_task), and the version the
// form was rendered with (0: not checked).
type ActInput struct {
	Reason     string
	UnitID     int64
	Date       string // YYYY-MM-DD
	Solved     string // "yes" or "no"
	Rating     string
	CampaignID int64
	Version    int
}

// MaxReason is the longest reason, answer or comment.
const MaxReason = 2000

// Act takes action act on appeal id for p: scope, role and state are checked
// first, then the inputs; everything is written in one transaction with the
// timeline entry and the audit record.
func (s *Store) Act(ctx context.Context, p *auth.Principal, id int64, act Action, in ActInput) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		a, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.inScope(ctx, tx, p, &a); err != nil {
			return err
		}
		if err := check(p, &a, act); err != nil {
			return err
		}
		if in.Version != 0 && in.Version != a.Version {
			return fmt.Errorf("appeal %d changed: %w", id, store.ErrConflict)
		}
		in.Reason = strings.TrimSpace(in.Reason)
		if err := checkReason(act, in.Reason); err != nil {
			return err
		}
		return s.apply(ctx, tx, p, &a, act, in)
	})
}

func checkReason(act Action, reason string) error {
	switch {
	case !cleanText(reason):
		return ui.Errors{"reason": "appeal.err.text"}
	case utf8.RuneCountInString(reason) > MaxReason:
		return ui.Errors{"reason": "appeal.err.reason_long"}
	case act.NeedsReason() && reason == "":
		return ui.Errors{"reason": "appeal.err.reason_required"}
	}
	return nil
}

// apply performs a checked action.
func (s *Store) apply(ctx context.Context, tx *store.Tx, p *auth.Principal, a *Appeal, act Action, in ActInput) error {
	now := s.now().UTC()
	to := transitions[act].to
	var set []string
	var args []any
	unit := a.UnitID
	switch act {
	case ActDispatch:
		if err := unitActive(ctx, tx, in.UnitID); err != nil {
			return err
		}
		if err := s.dispatch(ctx, tx, a, in.UnitID, false, now); err != nil {
			return err
		}
		unit = in.UnitID
		set, args = []string{"unit_id = ?", "handler_id = NULL"}, []any{in.UnitID}
	case ActSign:
		if err := latestDispatch(ctx, tx, a.ID, `signed_at = ?`, now); err != nil {
			return err
		}
		set, args = []string{"handler_id = ?"}, []any{p.ID}
	case ActSendBack:
		if err := latestDispatch(ctx, tx, a.ID, `back_at = ?, back_reason = ?`, now, in.Reason); err != nil {
			return err
		}
	case ActAcceptBack:
		if err := latestDispatch(ctx, tx, a.ID, `back_accepted = ?`, true); err != nil {
			return err
		}
		set = []string{"unit_id = NULL", "handler_id = NULL"}
	case ActRefuseBack:
		if err := latestDispatch(ctx, tx, a.ID, `back_accepted = ?`, false); err != nil {
			return err
		}
	case ActRequestCoHandling:
	case ActAddCoUnit:
		if err := unitActive(ctx, tx, in.UnitID); err != nil {
			return err
		}
		if in.UnitID == a.UnitID {
			return ui.Errors{"unit": "appeal.err.co_unit_same"}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO appeal_co_units (appeal_id, unit_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			a.ID, in.UnitID); err != nil {
			return fmt.Errorf("appeal co-unit: %w", err)
		}
		unit = in.UnitID
	case ActRequestExtension:
		due, err := s.extensionDate(a, in.Date, now)
		if err != nil {
			return err
		}
		set, args = []string{"ext_requested_due = ?", "ext_reason = ?"}, []any{due, in.Reason}
	case ActApproveExtension:
		set, args = []string{"due_at = ?", "extended_due_at = ?", "ext_requested_due = NULL", "ext_reason = ''"},
			[]any{*a.ExtRequestedDue, *a.ExtRequestedDue}
		if err := s.queueExtensionSMS(ctx, tx, a, *a.ExtRequestedDue, now); err != nil {
			return err
		}
	case ActRefuseExtension:
		set = []string{"ext_requested_due = NULL", "ext_reason = ''"}
	case ActAnswer:
		if in.Solved != "yes" && in.Solved != "no" {
			return ui.Errors{"solved": "appeal.err.solved"}
		}
		set, args = []string{"answer_text = ?", "solved = ?", "answered_at = ?"}, []any{in.Reason, in.Solved == "yes", now}
	case ActApprove:
		cb, err := s.dueFor(ctx, tx, KindCallback, a.CategoryID, now)
		if err != nil {
			return err
		}
		set, args = []string{"callback_due_at = ?"}, []any{cb}
	case ActReturn:
	case ActCallback:
		return s.rate(ctx, tx, p, a, in.Rating, in.Reason, ViaCallback)
	case ActToTask:
		return s.toTask(ctx, tx, p, a, in)
	}
	return s.move(ctx, tx, p, a, string(act), to, unit, in.Reason, set, args, now)
}

// move writes the appeal's new state (to "" keeps it) and the extra columns,
// guarded by the version, then the timeline entry and the audit record.
func (s *Store) move(ctx context.Context, tx *store.Tx, p *auth.Principal, a *Appeal, action string, to State,
	unit int64, comment string, set []string, args []any, now time.Time) error {
	if to == "" {
		to = a.State
	}
	set = append(set, "state = ?", "version = version + 1", "updated_at = ?")
	args = append(args, string(to), now, a.ID, a.Version)
	res, err := tx.Exec(ctx, `UPDATE appeals SET `+strings.Join(set, ", ")+` WHERE id = ? AND version = ?`, args...)
	if err != nil {
		return fmt.Errorf("%s appeal: %w", action, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("appeal %d changed: %w", a.ID, store.ErrConflict)
	}
	if err := s.event(ctx, tx, a.ID, p, action, a.State, to, unit, comment, now); err != nil {
		return err
	}
	return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal", EntityID: strconv.FormatInt(a.ID, 10), Action: action,
		Before: map[string]any{"state": a.State, "unit_id": a.UnitID},
		After:  map[string]any{"state": to, "unit_id": unit, "comment": comment}})
}

// extensionDate checks an extension request: only before the limit, to a
// later date, within a year; it returns the new due time (end of that day).
func (s *Store) extensionDate(a *Appeal, date string, now time.Time) (time.Time, error) {
	if now.After(a.DueAt) {
		return time.Time{}, ui.Errors{"date": "appeal.err.ext_late"}
	}
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(date), ui.Shanghai)
	if err != nil {
		return time.Time{}, ui.Errors{"date": "appeal.err.date"}
	}
	due := time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, ui.Shanghai).UTC()
	if !due.After(a.DueAt) || due.After(a.DueAt.AddDate(1, 0, 0)) {
		return time.Time{}, ui.Errors{"date": "appeal.err.ext_date"}
	}
	return due, nil
}

// unitActive checks that the unit exists and is active; otherwise a form error.
func unitActive(ctx context.Context, q store.Querier, id int64) error {
	if id <= 0 {
		return ui.Errors{"unit": "appeal.err.unit"}
	}
	var active bool
	err := q.QueryRow(ctx, `SELECT active FROM units WHERE id = ?`, id).Scan(&active)
	if errors.Is(store.NotFound(err, "unit"), store.ErrNotFound) || (err == nil && !active) {
		return ui.Errors{"unit": "appeal.err.unit"}
	}
	if err != nil {
		return fmt.Errorf("unit %d: %w", id, err)
	}
	return nil
}

// latestDispatch updates the appeal's most recent dispatch row.
func latestDispatch(ctx context.Context, tx *store.Tx, appeal int64, set string, args ...any) error {
	args = append(args, appeal, appeal)
	_, err := tx.Exec(ctx, `UPDATE appeal_dispatches SET `+set+` WHERE appeal_id = ? AND id =
		(SELECT MAX(id) FROM appeal_dispatches WHERE appeal_id = ?)`, args...)
	if err != nil {
		return fmt.Errorf("update dispatch: %w", err)
	}
	return nil
}

// dispatch records a dispatch of a to unit with its signing limit.
func (s *Store) dispatch(ctx context.Context, tx *store.Tx, a *Appeal, unit int64, byRule bool, now time.Time) error {
	signDue, err := s.dueFor(ctx, tx, KindSign, a.CategoryID, now)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO appeal_dispatches (appeal_id, unit_id, dispatched_at, sign_due_at, by_rule)
		VALUES (?, ?, ?, ?, ?)`, a.ID, unit, now, signDue, byRule); err != nil {
		return fmt.Errorf("insert dispatch: %w", err)
	}
	return nil
}
