package bulletin

import (
	"context"
	"fmt"

	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/store"
)

// listLimit bounds the list page; unconfirmed notices come first, so none
// waiting for the viewer's unit is pushed off it by older ones.
const listLimit = 200

// visible is the SQL condition (alias b) for the notices p may see: every
// notice for the office; for anyone else with a business role, those sent by
// or to one of p's units (兼职 included). Others see none.
func visible(p *auth.Principal) (string, []any) {
	switch {
	case p.Has(auth.RoleOffice):
		return "1 = 1", nil
	case !p.HasBusinessRole() || len(p.Units) == 0:
		return "1 = 0", nil
	}
	in := store.Placeholders(len(p.Units))
	return `(b.sender_unit_id IN (` + in + `) OR EXISTS (SELECT 1 FROM bulletin_recipients vr
		WHERE vr.bulletin_id = b.id AND vr.unit_id IN (` + in + `)))`, append(store.IDArgs(p.Units), store.IDArgs(p.Units)...)
}

const listCols = `b.id, COALESCE(b.campaign_id, 0), COALESCE(c.name, ''), b.sender_unit_id, su.name, u.name, b.title, b.body,
	b.to_all, b.published_at,
	(SELECT COUNT(*) FROM bulletin_recipients r WHERE r.bulletin_id = b.id AND r.confirmed_at IS NOT NULL),
	(SELECT COUNT(*) FROM bulletin_recipients r WHERE r.bulletin_id = b.id)`

const listFrom = ` FROM bulletins b JOIN units su ON su.id = b.sender_unit_id JOIN users u ON u.id = b.sender_id
	LEFT JOIN campaigns c ON c.id = b.campaign_id`

// pendingCol is 1 when one of p's units has not confirmed the notice yet.
func pendingCol(p *auth.Principal) (string, []any) {
	if len(p.Units) == 0 {
		return "0", nil
	}
	return `CASE WHEN EXISTS (SELECT 1 FROM bulletin_recipients pr WHERE pr.bulletin_id = b.id AND pr.confirmed_at IS NULL
		AND pr.unit_id IN (` + store.Placeholders(len(p.Units)) + `)) THEN 1 ELSE 0 END`, store.IDArgs(p.Units)
}

func scanBulletin(sc scanner, b *Bulletin, pending *int) error {
	return sc.Scan(&b.ID, &b.CampaignID, &b.CampaignName, &b.SenderUnitID, &b.SenderUnit, &b.SenderName, &b.Title, &b.Body,
		&b.ToAll, &b.PublishedAt, &b.Confirmed, &b.Total, pending)
}

// List returns the notices p may see: those awaiting a receipt from one of
// p's units first, then newest first.
func (s *Store) List(ctx context.Context, p *auth.Principal) ([]Bulletin, error) {
	where, args := visible(p)
	pend, pargs := pendingCol(p)
	var out []Bulletin
	// The page's rows are chosen first, so the receipt counts are computed
	// for them alone, not for every notice the viewer may see.
	err := eachRow(ctx, s.db, `SELECT `+listCols+`, pg.pending FROM (SELECT b.id, `+pend+` AS pending FROM bulletins b
		WHERE `+where+` ORDER BY 2 DESC, b.published_at DESC, b.id DESC LIMIT ?) pg
		JOIN bulletins b ON b.id = pg.id JOIN units su ON su.id = b.sender_unit_id JOIN users u ON u.id = b.sender_id
		LEFT JOIN campaigns c ON c.id = b.campaign_id ORDER BY pg.pending DESC, b.published_at DESC, b.id DESC`,
		append(append(pargs, args...), listLimit),
		func(sc scanner) error {
			var b Bulletin
			var pending int
			err := scanBulletin(sc, &b, &pending)
			b.Unconfirmed = pending == 1
			out = append(out, b)
			return err
		})
	return out, err
}

// Get returns a notice p may see, with its receipts and attachments;
// anyone else gets store.ErrNotFound, exactly as for a missing notice.
func (s *Store) Get(ctx context.Context, p *auth.Principal, id int64) (Bulletin, error) {
	return s.get(ctx, s.db, p, id)
}

func (s *Store) get(ctx context.Context, q store.Querier, p *auth.Principal, id int64) (Bulletin, error) {
	where, args := visible(p)
	pend, pargs := pendingCol(p)
	var b Bulletin
	var pending int
	err := scanBulletin(q.QueryRow(ctx, `SELECT `+listCols+`, `+pend+listFrom+` WHERE b.id = ? AND `+where,
		append(append(pargs, id), args...)...), &b, &pending)
	if err := store.NotFound(err, "bulletin"); err != nil {
		return Bulletin{}, err
	}
	b.Unconfirmed = pending == 1
	err = eachRow(ctx, q, `SELECT r.unit_id, n.name, COALESCE(cu.name, ''), r.confirmed_at, r.reminders, r.reminded_at
		FROM bulletin_recipients r JOIN units n ON n.id = r.unit_id LEFT JOIN users cu ON cu.id = r.confirmed_by
		WHERE r.bulletin_id = ? ORDER BY n.id`, []any{id}, func(sc scanner) error {
		var r Receipt
		err := sc.Scan(&r.UnitID, &r.UnitName, &r.ConfirmedBy, &r.ConfirmedAt, &r.Reminders, &r.RemindedAt)
		b.Receipts = append(b.Receipts, r)
		return err
	})
	if err != nil {
		return Bulletin{}, fmt.Errorf("bulletin receipts: %w", err)
	}
	err = eachRow(ctx, q, `SELECT f.id, f.original_name, f.size FROM bulletin_attachments a JOIN files f ON f.id = a.file_id
		WHERE a.bulletin_id = ? ORDER BY a.id`, []any{id}, func(sc scanner) error {
		a := Attachment{BulletinID: id}
		err := sc.Scan(&a.FileID, &a.Name, &a.Size)
		b.Attachments = append(b.Attachments, a)
		return err
	})
	return b, err
}

// SeesReceipts reports whether p sees every unit's receipt: the office and
// the sending unit; a recipient sees its own.
func (b *Bulletin) SeesReceipts(p *auth.Principal) bool {
	return p.Has(auth.RoleOffice) || containsUnit(p.Units, b.SenderUnitID)
}

func containsUnit(units []int64, u int64) bool {
	for _, x := range units {
		if x == u {
			return true
		}
	}
	return false
}

// File returns an attachment of a notice p may see; anything else is
// store.ErrNotFound.
func (s *Store) File(ctx context.Context, p *auth.Principal, id, fileID int64) (files.File, error) {
	if _, err := s.get(ctx, s.db, p, id); err != nil {
		return files.File{}, err
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM bulletin_attachments WHERE bulletin_id = ? AND file_id = ?`, id, fileID).Scan(&n); err != nil {
		return files.File{}, fmt.Errorf("bulletin file: %w", err)
	}
	if n == 0 {
		return files.File{}, fmt.Errorf("bulletin %d file %d: %w", id, fileID, store.ErrNotFound)
	}
	return files.Get(ctx, s.db, fileID)
}
