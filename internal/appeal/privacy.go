package appeal

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// CanReveal reports whether p may see the citizen's name and number in
// clear: the handling unit's assigned handler (who signed for it) while the
// unit handles it, or office staff making the 回访 call while the appeal
// waits for its rating. Everyone else sees only the masks.
func CanReveal(p *auth.Principal, a *Appeal) bool {
	if p == nil || (!a.hasName && !a.hasPhone) {
		return false
	}
	if a.State == StateRating && p.Has(auth.RoleOffice) {
		return true
	}
	return a.HandlerID == p.ID && a.UnitID != 0 && slices.Contains(p.Units, a.UnitID) &&
		(a.State == StateSigned || a.State == StateAnswered)
}

// Contact is a citizen's name and phone number in clear.
type Contact struct {
	Name  string
	Phone string
}

// Reveal opens the citizen's name and phone for p ("show number"), when
// CanReveal allows it, and records the viewing in the audit log (which holds
// only the masks).
func (s *Store) Reveal(ctx context.Context, p *auth.Principal, id int64) (Contact, error) {
	var c Contact
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		a, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.inScope(ctx, tx, p, &a); err != nil {
			return err
		}
		if !CanReveal(p, &a) {
			return fmt.Errorf("reveal appeal %d: %w", id, ui.ErrForbidden)
		}
		var nameEnc, phoneEnc []byte
		if err := tx.QueryRow(ctx, `SELECT name_enc, phone_enc FROM appeals WHERE id = ?`, id).Scan(&nameEnc, &phoneEnc); err != nil {
			return fmt.Errorf("read contact: %w", err)
		}
		if c.Name, err = s.open(nameEnc); err != nil {
			return err
		}
		if c.Phone, err = s.open(phoneEnc); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal", EntityID: strconv.FormatInt(id, 10), Action: "reveal_contact",
			After: map[string]any{"name": a.NameMask, "phone": a.PhoneMask, "state": a.State}})
	})
	return c, err
}
