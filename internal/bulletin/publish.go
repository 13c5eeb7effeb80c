package bulletin

import (
	"context"
	"fmt"
	"slices"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// CanPublish reports whether p may send notices: the office, and a unit's
// head or liaison on behalf of their unit.
func CanPublish(p *auth.Principal) bool {
	return p.HasAny(auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison)
}

// Check validates the form and the rules that need the database, without
// writing: the handler calls it before it reads any attachment, so a
// refused notice stores nothing.
func (s *Store) Check(ctx context.Context, p *auth.Principal, in Input) error {
	if !CanPublish(p) {
		return ui.ErrForbidden
	}
	f, err := in.parse()
	if err != nil {
		return err
	}
	_, err = s.recipients(ctx, s.db, p, f)
	return err
}

// Publish sends the notice with the already stored blobs as attachments, and
// tells the recipient units' heads and liaisons in-app.
func (s *Store) Publish(ctx context.Context, p *auth.Principal, in Input, blobs []files.Blob) (int64, error) {
	if !CanPublish(p) {
		return 0, ui.ErrForbidden
	}
	f, err := in.parse()
	if err != nil {
		return 0, err
	}
	if len(blobs) > maxAttachments {
		return 0, ui.Errors{"files": "bulletin.err.too_many"}
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		units, err := s.recipients(ctx, tx, p, f)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		id, err = store.InsertID(ctx, tx, `INSERT INTO bulletins (campaign_id, sender_unit_id, sender_id, title, body, to_all, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, store.NullID(f.campaign), f.sender, p.ID, f.title, f.body, f.toAll, now)
		if err != nil {
			return fmt.Errorf("insert bulletin: %w", err)
		}
		for _, u := range units {
			if _, err := tx.Exec(ctx, `INSERT INTO bulletin_recipients (bulletin_id, unit_id) VALUES (?, ?)`, id, u); err != nil {
				return fmt.Errorf("bulletin recipient: %w", err)
			}
		}
		var fileIDs []int64
		for _, b := range blobs {
			fr, err := s.files.Record(ctx, tx, b, p.ID)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO bulletin_attachments (bulletin_id, file_id) VALUES (?, ?)`, id, fr.ID); err != nil {
				return fmt.Errorf("bulletin attachment: %w", err)
			}
			fileIDs = append(fileIDs, fr.ID)
		}
		if err := s.notifyUnits(ctx, tx, id, units, "bulletin.new", "新通知："+f.title, "new"); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "bulletin", EntityID: itoa(id), Action: "publish",
			After: map[string]any{"title": f.title, "sender_unit": f.sender, "campaign": f.campaign, "to_all": f.toAll,
				"units": units, "files": fileIDs}})
	})
	return id, err
}

// recipients checks the sender, campaign and recipient units and returns
// the units the notice goes to ("to all": every active unit but the sender).
func (s *Store) recipients(ctx context.Context, q store.Querier, p *auth.Principal, f parsed) ([]int64, error) {
	if !slices.Contains(p.Units, f.sender) {
		return nil, ui.Errors{"sender_unit": "bulletin.err.sender"}
	}
	if f.campaign > 0 {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, f.campaign).Scan(&n); err != nil {
			return nil, fmt.Errorf("check campaign: %w", err)
		}
		if n == 0 {
			return nil, ui.Errors{"campaign": "bulletin.err.campaign"}
		}
	}
	var units []int64
	err := eachRow(ctx, q, `SELECT id FROM units WHERE active = ? AND id <> ? ORDER BY id`, []any{true, f.sender}, func(sc scanner) error {
		var id int64
		err := sc.Scan(&id)
		if f.toAll || slices.Contains(f.units, id) {
			units = append(units, id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !f.toAll && len(units) != len(f.units) {
		// an unknown or inactive unit, or the sender itself
		return nil, ui.Errors{"units": "bulletin.err.units"}
	}
	if len(units) == 0 {
		return nil, ui.Errors{"units": "bulletin.err.no_units"}
	}
	return units, nil
}

// notifyUnits tells the enabled heads and liaisons (and office users) of
// units about the notice, once per notice, person and what (new, remind-N).
// The stored text is Chinese, the working language of notices.
func (s *Store) notifyUnits(ctx context.Context, tx *store.Tx, id int64, units []int64, kind, title, what string) error {
	if len(units) == 0 {
		return nil
	}
	var users []int64
	err := eachRow(ctx, tx, `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE NOT u.disabled AND r.role IN (?, ?, ?) AND (u.unit_id IN (`+store.Placeholders(len(units))+`)
		OR EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id IN (`+store.Placeholders(len(units))+`))) ORDER BY u.id`,
		append(append([]any{auth.RoleUnitHead, auth.RoleLiaison, auth.RoleOffice}, store.IDArgs(units)...), store.IDArgs(units)...),
		func(sc scanner) error {
			var u int64
			err := sc.Scan(&u)
			users = append(users, u)
			return err
		})
	if err != nil {
		return err
	}
	now := s.now()
	for _, u := range users {
		if _, err := notify.Notify(ctx, tx, now, u, notify.Notification{Kind: kind, Title: title,
			Link: "/bulletins/" + itoa(id), Key: "bulletin:" + itoa(id) + ":" + what + ":" + itoa(u)}); err != nil {
			return err
		}
	}
	return nil
}
