package meeting

import (
	"context"
	"fmt"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// DecisionInput is what adding or editing a decision takes. Lead unit and
// deadline may wait until publishing, which refuses a decision without them.
type DecisionInput struct {
	Text       string
	LeadUnitID int64
	CoUnitIDs  []int64
	Deadline   string
}

// maxDecisions bounds the decisions of one meeting.
const maxDecisions = 100

// validate checks the fields that need no database.
func (in *DecisionInput) validate(errs ui.Errors) {
	in.Text = strings.TrimSpace(in.Text)
	checkText(errs, "text", in.Text, maxDecision, true)
	if in.Deadline = strings.TrimSpace(in.Deadline); in.Deadline != "" {
		d, ok := parseDate(in.Deadline)
		if !ok {
			errs["deadline"] = "meeting.err.date"
		}
		in.Deadline = d
	}
	in.CoUnitIDs = uniqueIDs(in.CoUnitIDs)
	co := in.CoUnitIDs[:0:0]
	for _, u := range in.CoUnitIDs {
		if u != in.LeadUnitID {
			co = append(co, u)
		}
	}
	in.CoUnitIDs = co
	if len(in.CoUnitIDs) > maxUnits {
		errs["co_units"] = "meeting.err.too_many"
	}
}

// checkUnits checks that the lead and co-units exist and are active.
func (in *DecisionInput) checkUnits(ctx context.Context, q store.Querier, errs ui.Errors) error {
	if in.LeadUnitID != 0 {
		ok, err := exists(ctx, q, `SELECT COUNT(*) FROM units WHERE active AND id = ?`, in.LeadUnitID)
		if err != nil {
			return err
		}
		if !ok {
			errs["lead_unit"] = "form.invalid"
		}
	}
	if _, bad := errs["co_units"]; !bad && len(in.CoUnitIDs) > 0 {
		ok, err := countIs(ctx, q, len(in.CoUnitIDs), `SELECT COUNT(*) FROM units WHERE active AND id IN (`+
			store.Placeholders(len(in.CoUnitIDs))+`)`, store.IDArgs(in.CoUnitIDs)...)
		if err != nil {
			return err
		}
		if !ok {
			errs["co_units"] = "form.invalid"
		}
	}
	return nil
}

// AddDecision appends a decision to meeting id; the office only.
func (s *Store) AddDecision(ctx context.Context, p *auth.Principal, id int64, in DecisionInput) (int64, error) {
	if !p.Has(auth.RoleOffice) {
		return 0, ui.ErrForbidden
	}
	errs := ui.Errors{}
	in.validate(errs)
	var did int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.get(ctx, tx, p, id); err != nil {
			return err
		}
		if err := in.checkUnits(ctx, tx, errs); err != nil {
			return err
		}
		var n, seq int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM meeting_decisions WHERE meeting_id = ?`,
			id).Scan(&n, &seq); err != nil {
			return fmt.Errorf("count decisions: %w", err)
		}
		if n >= maxDecisions {
			errs["text"] = "meeting.err.too_many"
		}
		if len(errs) > 0 {
			return errs
		}
		var err error
		did, err = store.InsertID(ctx, tx, `INSERT INTO meeting_decisions (meeting_id, seq, text, lead_unit_id, deadline)
			VALUES (?, ?, ?, ?, ?)`, id, seq+1, in.Text, store.NullID(in.LeadUnitID), nullText(in.Deadline))
		if err != nil {
			return fmt.Errorf("insert decision: %w", err)
		}
		if err := setCoUnits(ctx, tx, did, in.CoUnitIDs); err != nil {
			return err
		}
		if err := s.bump(ctx, tx, id, ""); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_decision", EntityID: itoa(did), Action: "create",
			After: in.auditView(id)})
	})
	return did, err
}

// decision reads one decision of a meeting p may see, for a change by the
// office; a published one is refused (its task is edited instead).
func (s *Store) decision(ctx context.Context, tx *store.Tx, p *auth.Principal, did int64) (Decision, error) {
	if !p.Has(auth.RoleOffice) {
		return Decision{}, ui.ErrForbidden
	}
	var d Decision
	err := tx.QueryRow(ctx, `SELECT id, meeting_id, seq, text, COALESCE(lead_unit_id, 0), COALESCE(deadline, ''), COALESCE(task_id, 0)
		FROM meeting_decisions WHERE id = ?`, did).Scan(&d.ID, &d.MeetingID, &d.Seq, &d.Text, &d.LeadUnitID, &d.Deadline, &d.TaskID)
	if err := store.NotFound(err, "decision"); err != nil {
		return d, err
	}
	if _, err := s.get(ctx, tx, p, d.MeetingID); err != nil {
		return d, err
	}
	if d.TaskID != 0 {
		return d, ErrPublished
	}
	return d, nil
}

// ErrPublished refuses a change to a published decision.
var ErrPublished = fmt.Errorf("decision already published: %w", ui.ErrBadRequest)

// UpdateDecision changes an unpublished decision; the office only.
func (s *Store) UpdateDecision(ctx context.Context, p *auth.Principal, did int64, in DecisionInput) (int64, error) {
	errs := ui.Errors{}
	in.validate(errs)
	var meeting int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.decision(ctx, tx, p, did)
		if err != nil {
			return err
		}
		meeting = d.MeetingID
		if err := in.checkUnits(ctx, tx, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_decisions SET text = ?, lead_unit_id = ?, deadline = ? WHERE id = ? AND task_id IS NULL`,
			in.Text, store.NullID(in.LeadUnitID), nullText(in.Deadline), did); err != nil {
			return fmt.Errorf("update decision: %w", err)
		}
		if err := setCoUnits(ctx, tx, did, in.CoUnitIDs); err != nil {
			return err
		}
		if err := s.bump(ctx, tx, d.MeetingID, ""); err != nil {
			return err
		}
		before := DecisionInput{Text: d.Text, LeadUnitID: d.LeadUnitID, Deadline: d.Deadline}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_decision", EntityID: itoa(did), Action: "update",
			Before: before.auditView(d.MeetingID), After: in.auditView(d.MeetingID)})
	})
	return meeting, err
}

// DeleteDecision removes an unpublished decision; the office only.
func (s *Store) DeleteDecision(ctx context.Context, p *auth.Principal, did int64) (int64, error) {
	var meeting int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.decision(ctx, tx, p, did)
		if err != nil {
			return err
		}
		meeting = d.MeetingID
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_decision_co_units WHERE decision_id = ?`, did); err != nil {
			return fmt.Errorf("delete decision co-units: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_decisions WHERE id = ? AND task_id IS NULL`, did); err != nil {
			return fmt.Errorf("delete decision: %w", err)
		}
		if err := s.bump(ctx, tx, d.MeetingID, ""); err != nil {
			return err
		}
		before := DecisionInput{Text: d.Text, LeadUnitID: d.LeadUnitID, Deadline: d.Deadline}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_decision", EntityID: itoa(did), Action: "delete",
			Before: before.auditView(d.MeetingID)})
	})
	return meeting, err
}

// setCoUnits replaces a decision's co-units.
func setCoUnits(ctx context.Context, tx *store.Tx, did int64, ids []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_decision_co_units WHERE decision_id = ?`, did); err != nil {
		return fmt.Errorf("clear decision co-units: %w", err)
	}
	for _, u := range ids {
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_decision_co_units (decision_id, unit_id) VALUES (?, ?)`, did, u); err != nil {
			return fmt.Errorf("decision co-unit: %w", err)
		}
	}
	return nil
}

func (in *DecisionInput) auditView(meeting int64) map[string]any {
	return map[string]any{"meeting": meeting, "text": in.Text, "lead_unit": in.LeadUnitID, "co_units": in.CoUnitIDs,
		"deadline": in.Deadline}
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
