package meeting

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Attendees lists who was expected or came, in entry order.
func Attendees(ctx context.Context, q store.Querier, meeting int64) ([]Attendee, error) {
	rows, err := q.Query(ctx, `SELECT a.id, COALESCE(a.unit_id, 0), COALESCE(u.name, ''), COALESCE(a.user_id, 0), a.name, a.status,
		a.substitute FROM meeting_attendees a LEFT JOIN units u ON u.id = a.unit_id WHERE a.meeting_id = ? ORDER BY a.id`, meeting)
	if err != nil {
		return nil, fmt.Errorf("attendees: %w", err)
	}
	defer rows.Close()
	var out []Attendee
	for rows.Next() {
		var a Attendee
		if err := rows.Scan(&a.ID, &a.UnitID, &a.UnitName, &a.UserID, &a.Name, &a.Status, &a.Substitute); err != nil {
			return nil, fmt.Errorf("attendees: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// validateAttendees checks the rows of the attendance form: a row needs a
// name or a unit; a substitute needs the substitute's name; units must attend.
// Empty rows are dropped.
func validateAttendees(m *Meeting, rows []Attendee) ([]Attendee, ui.Errors) {
	errs := ui.Errors{}
	var out []Attendee
	for i, a := range rows {
		a.Name, a.Substitute = strings.TrimSpace(a.Name), strings.TrimSpace(a.Substitute)
		if a.Name == "" && a.UnitID == 0 && a.Substitute == "" && a.Status == "" {
			continue
		}
		field := fmt.Sprintf("attendee_%d", i)
		switch {
		case a.Name == "" && a.UnitID == 0:
			errs[field] = "meeting.err.attendee_who"
		case !slices.Contains(Statuses, a.Status):
			errs[field] = "form.invalid"
		case a.UnitID != 0 && !m.Attends(a.UnitID):
			errs[field] = "form.invalid"
		case a.Status == "substitute" && a.Substitute == "":
			errs[field] = "meeting.err.substitute"
		case len([]rune(a.Name)) > maxName || len([]rune(a.Substitute)) > maxName:
			errs[field] = "form.too_long"
		}
		out = append(out, a)
	}
	if len(out) > maxAttendees {
		errs["attendees"] = "meeting.err.too_many"
	}
	return out, errs
}

// SaveAttendance replaces the attendance list of meeting id; the office
// only. Recording attendance marks the meeting held.
func (s *Store) SaveAttendance(ctx context.Context, p *auth.Principal, id int64, version int, rows []Attendee) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		list, errs := validateAttendees(&m, rows)
		if len(errs) > 0 {
			return errs
		}
		if m.Version != version {
			return fmt.Errorf("meeting %d: saw version %d, now %d: %w", id, version, m.Version, store.ErrConflict)
		}
		before, err := Attendees(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_attendees WHERE meeting_id = ?`, id); err != nil {
			return fmt.Errorf("clear attendees: %w", err)
		}
		for _, a := range list {
			if _, err := tx.Exec(ctx, `INSERT INTO meeting_attendees (meeting_id, unit_id, user_id, name, status, substitute)
				VALUES (?, ?, ?, ?, ?, ?)`, id, store.NullID(a.UnitID), store.NullID(a.UserID), a.Name, a.Status, a.Substitute); err != nil {
				return fmt.Errorf("add attendee: %w", err)
			}
		}
		if err := s.bump(ctx, tx, id, "state = ?", StateHeld); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting", EntityID: itoa(id), Action: "attendance",
			Before: attendanceView(before), After: attendanceView(list)})
	})
}

// attendanceView is the attendance as the audit log keeps it: names masked.
func attendanceView(list []Attendee) map[string]any {
	rows := make([]string, len(list))
	for i, a := range list {
		rows[i] = fmt.Sprintf("%d:%s:%s", a.UnitID, audit.MaskName(a.Name), a.Status)
	}
	return map[string]any{"attendees": rows}
}

// SaveMinutes stores the minutes (会议纪要) of meeting id and, with publish,
// makes them visible to the attending units; the office only. Saving minutes
// marks the meeting held.
func (s *Store) SaveMinutes(ctx context.Context, p *auth.Principal, id int64, version int, minutes string, publish bool) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	minutes = strings.TrimSpace(minutes)
	errs := ui.Errors{}
	checkText(errs, "minutes", minutes, maxMinutes, publish)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		if m.Version != version {
			return fmt.Errorf("meeting %d: saw version %d, now %d: %w", id, version, m.Version, store.ErrConflict)
		}
		set, args := "minutes = ?, state = ?", []any{minutes, StateHeld}
		if publish {
			set, args = set+", minutes_published_at = ?", append(args, s.now().UTC())
		}
		if err := s.bump(ctx, tx, id, set, args...); err != nil {
			return err
		}
		action := "save_minutes"
		if publish {
			action = "publish_minutes"
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting", EntityID: itoa(id), Action: action,
			Before: map[string]any{"chars": len([]rune(m.Minutes))}, After: map[string]any{"chars": len([]rune(minutes))}})
	})
}
