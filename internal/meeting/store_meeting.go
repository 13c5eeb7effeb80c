package meeting

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Create stores a new planned meeting; the office only.
func (s *Store) Create(ctx context.Context, p *auth.Principal, in Input) (int64, error) {
	if !p.Has(auth.RoleOffice) {
		return 0, ui.ErrForbidden
	}
	errs := ui.Errors{}
	at := in.validate(errs)
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := checkRefs(ctx, tx, &in, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		now := s.now().UTC()
		var err error
		id, err = store.InsertID(ctx, tx, `INSERT INTO meetings (campaign_id, kind, title, held_at, place, chair_id, agenda,
			state, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.CampaignID, in.Kind, in.Title, at, in.Place, store.NullID(in.ChairID), in.Agenda, StatePlanned, store.NullID(p.ID), now, now)
		if err != nil {
			return fmt.Errorf("insert meeting: %w", err)
		}
		if err := setUnits(ctx, tx, id, in.UnitIDs); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting", EntityID: itoa(id), Action: "create", After: in.auditView(at)})
	})
	return id, err
}

// Update changes a meeting's fields from the version the editor saw (else
// store.ErrConflict); the office only. Statements of units that stay are kept.
func (s *Store) Update(ctx context.Context, p *auth.Principal, id int64, version int, in Input) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	errs := ui.Errors{}
	at := in.validate(errs)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		in.CampaignID = m.CampaignID // a meeting does not move between campaigns
		if err := checkRefs(ctx, tx, &in, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		res, err := tx.Exec(ctx, `UPDATE meetings SET kind = ?, title = ?, held_at = ?, place = ?, chair_id = ?, agenda = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			in.Kind, in.Title, at, in.Place, store.NullID(in.ChairID), in.Agenda, s.now().UTC(), id, version)
		if err := oneRow(res, err, id); err != nil {
			return err
		}
		if err := setUnits(ctx, tx, id, in.UnitIDs); err != nil {
			return err
		}
		before := m.input()
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting", EntityID: itoa(id), Action: "update",
			Before: before.auditView(m.HeldAt), After: in.auditView(at)})
	})
}

// Get returns a meeting the viewer may see, with its attending units; a
// meeting none of a unit user's units attends is store.ErrNotFound.
func (s *Store) Get(ctx context.Context, p *auth.Principal, id int64) (Meeting, error) {
	return s.get(ctx, s.db, p, id)
}

func (s *Store) get(ctx context.Context, q store.Querier, p *auth.Principal, id int64) (Meeting, error) {
	m, err := scanMeeting(q.QueryRow(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE m.id = ?`, id))
	if err := store.NotFound(err, "meeting"); err != nil {
		return Meeting{}, err
	}
	if m.Units, err = units(ctx, q, id); err != nil {
		return Meeting{}, err
	}
	if !sees(p, &m) {
		return Meeting{}, fmt.Errorf("meeting %d outside scope: %w", id, store.ErrNotFound)
	}
	return m, nil
}

// sees reports whether p may see m: the office and leaders all meetings,
// unit users the meetings one of their units attends.
func sees(p *auth.Principal, m *Meeting) bool {
	switch {
	case p.SeesAllUnits():
		return true
	case !p.HasBusinessRole():
		return false
	}
	for _, u := range p.Units {
		if m.Attends(u) {
			return true
		}
	}
	return false
}

// Filter narrows the list of meetings.
type Filter struct {
	CampaignID int64
	Kind       string
}

// maxList bounds the list page.
const maxList = 200

// List returns the meetings p may see, latest first.
func (s *Store) List(ctx context.Context, p *auth.Principal, f Filter) ([]Meeting, error) {
	where, args := "1 = 1", []any{}
	switch {
	case p.SeesAllUnits():
	case !p.HasBusinessRole() || len(p.Units) == 0:
		return nil, nil
	default:
		where = `EXISTS (SELECT 1 FROM meeting_units mu WHERE mu.meeting_id = m.id AND mu.unit_id IN (` + store.Placeholders(len(p.Units)) + `))`
		args = store.IDArgs(p.Units)
	}
	if f.CampaignID > 0 {
		where, args = where+" AND m.campaign_id = ?", append(args, f.CampaignID)
	}
	if ValidKind(f.Kind) {
		where, args = where+" AND m.kind = ?", append(args, f.Kind)
	}
	rows, err := s.db.Query(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE `+where+` ORDER BY m.held_at DESC, m.id DESC LIMIT ?`,
		append(args, maxList)...)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// units reads a meeting's attending units with their statements.
func units(ctx context.Context, q store.Querier, id int64) ([]Unit, error) {
	rows, err := q.Query(ctx, `SELECT mu.unit_id, u.name, mu.statement_requested, mu.statement, COALESCE(su.name, ''), mu.statement_at
		FROM meeting_units mu JOIN units u ON u.id = mu.unit_id LEFT JOIN users su ON su.id = mu.statement_by
		WHERE mu.meeting_id = ? ORDER BY u.id`, id)
	if err != nil {
		return nil, fmt.Errorf("meeting units: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		var at sql.NullTime
		if err := rows.Scan(&u.UnitID, &u.Name, &u.Requested, &u.Statement, &u.StatementBy, &at); err != nil {
			return nil, fmt.Errorf("meeting units: %w", err)
		}
		u.StatementAt = ptr(at)
		out = append(out, u)
	}
	return out, rows.Err()
}

// setUnits makes ids the attending units, keeping the rows (and statements)
// of units that stay.
func setUnits(ctx context.Context, tx *store.Tx, id int64, ids []int64) error {
	current, err := units(ctx, tx, id)
	if err != nil {
		return err
	}
	keep := map[int64]bool{}
	for _, u := range ids {
		keep[u] = true
	}
	for _, u := range current {
		if keep[u.UnitID] {
			delete(keep, u.UnitID)
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_units WHERE meeting_id = ? AND unit_id = ?`, id, u.UnitID); err != nil {
			return fmt.Errorf("remove meeting unit: %w", err)
		}
	}
	for _, u := range ids {
		if !keep[u] {
			continue
		}
		// A unit added after statements were requested is asked too.
		if _, err := tx.Exec(ctx, `INSERT INTO meeting_units (meeting_id, unit_id, statement_requested)
			VALUES (?, ?, (SELECT statement_due IS NOT NULL FROM meetings WHERE id = ?))`, id, u, id); err != nil {
			return fmt.Errorf("add meeting unit: %w", err)
		}
	}
	return nil
}

// checkRefs checks that the campaign, chair and units exist.
func checkRefs(ctx context.Context, q store.Querier, in *Input, errs ui.Errors) error {
	if in.CampaignID > 0 {
		if ok, err := exists(ctx, q, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, in.CampaignID); err != nil {
			return err
		} else if !ok {
			errs["campaign"] = "form.invalid"
		}
	}
	if in.ChairID != 0 {
		if ok, err := exists(ctx, q, `SELECT COUNT(*) FROM users WHERE id = ? AND NOT disabled`, in.ChairID); err != nil {
			return err
		} else if !ok {
			errs["chair"] = "form.invalid"
		}
	}
	if _, bad := errs["units"]; !bad && len(in.UnitIDs) > 0 {
		ok, err := countIs(ctx, q, len(in.UnitIDs), `SELECT COUNT(*) FROM units WHERE active AND id IN (`+store.Placeholders(len(in.UnitIDs))+`)`,
			store.IDArgs(in.UnitIDs)...)
		if err != nil {
			return err
		}
		if !ok {
			errs["units"] = "form.invalid"
		}
	}
	return nil
}

func exists(ctx context.Context, q store.Querier, query string, args ...any) (bool, error) {
	return countIs(ctx, q, 1, query, args...)
}

// countIs reports whether the COUNT(*) query answers want.
func countIs(ctx context.Context, q store.Querier, want int, query string, args ...any) (bool, error) {
	var n int
	if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("check reference: %w", err)
	}
	return n == want, nil
}

// oneRow turns an optimistic UPDATE that touched no row into store.ErrConflict.
func oneRow(res sql.Result, err error, id int64) error {
	if err != nil {
		return fmt.Errorf("update meeting %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update meeting %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("meeting %d changed meanwhile: %w", id, store.ErrConflict)
	}
	return nil
}

// input returns the editable fields of m.
func (m *Meeting) input() Input {
	return Input{CampaignID: m.CampaignID, Kind: m.Kind, Title: m.Title, HeldAt: localInput(m.HeldAt), Place: m.Place,
		ChairID: m.ChairID, Agenda: m.Agenda, UnitIDs: m.UnitIDs()}
}

// auditView is the meeting as the audit log keeps it.
func (in *Input) auditView(at time.Time) map[string]any {
	return map[string]any{"campaign": in.CampaignID, "kind": in.Kind, "title": in.Title, "held_at": at.Format(time.RFC3339),
		"place": in.Place, "chair": in.ChairID, "units": in.UnitIDs}
}

// bump raises a meeting's version after a change to its parts, so an edit
// form opened before it refuses to overwrite.
func (s *Store) bump(ctx context.Context, tx *store.Tx, id int64, set string, args ...any) error {
	q := `UPDATE meetings SET version = version + 1, updated_at = ?`
	if set != "" {
		q += ", " + set
	}
	res, err := tx.Exec(ctx, q+` WHERE id = ?`, append(append([]any{s.now().UTC()}, args...), id)...)
	return oneRow(res, err, id)
}
