package bulletin

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// remindGap is the least time between two reminders to the same unit, so a
// double click or an impatient sender does not flood a unit's bell.
const remindGap = time.Hour

// MayConfirm is the units p may confirm the notice for: p's units among its
// recipients that have not confirmed yet (p must be their head, liaison or
// office user).
func (b *Bulletin) MayConfirm(p *auth.Principal) []Receipt {
	if !p.HasAny(auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison, auth.RoleLeader) {
		return nil
	}
	var out []Receipt
	for _, r := range b.Receipts {
		if !r.Done() && containsUnit(p.Units, r.UnitID) {
			out = append(out, r)
		}
	}
	return out
}

// Confirm records the read receipt (已读回执) of unit (0: every unit of p's
// still to confirm). One receipt per unit: a second confirmation changes
// nothing and is not an error.
func (s *Store) Confirm(ctx context.Context, p *auth.Principal, id, unit int64) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		b, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		var units []int64
		for _, r := range b.MayConfirm(p) {
			if unit == 0 || r.UnitID == unit {
				units = append(units, r.UnitID)
			}
		}
		if len(units) == 0 {
			if !isRecipientOf(b, p, unit) {
				return fmt.Errorf("confirm bulletin %d for unit %d: %w", id, unit, ui.ErrForbidden)
			}
			return nil // confirmed already
		}
		now := s.now().UTC()
		for _, u := range units {
			if _, err := tx.Exec(ctx, `UPDATE bulletin_recipients SET confirmed_by = ?, confirmed_at = ?
				WHERE bulletin_id = ? AND unit_id = ? AND confirmed_at IS NULL`, p.ID, now, id, u); err != nil {
				return fmt.Errorf("confirm bulletin: %w", err)
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "bulletin", EntityID: itoa(id), Action: "confirm",
			After: map[string]any{"units": units}})
	})
}

// isRecipientOf reports whether p may confirm for unit (any of p's units
// when 0) as a recipient, confirmed or not.
func isRecipientOf(b Bulletin, p *auth.Principal, unit int64) bool {
	if !p.HasAny(auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison, auth.RoleLeader) {
		return false
	}
	for _, r := range b.Receipts {
		if containsUnit(p.Units, r.UnitID) && (unit == 0 || r.UnitID == unit) {
			return true
		}
	}
	return false
}

// MayRemind reports whether p may 催 the units that have not confirmed: the
// office and the sending unit's heads and liaisons.
func (b *Bulletin) MayRemind(p *auth.Principal) bool {
	return p.Has(auth.RoleOffice) || p.HasAny(auth.RoleUnitHead, auth.RoleLiaison) && containsUnit(p.Units, b.SenderUnitID)
}

// Remind sends an in-app reminder (催) to every unit that has not
// confirmed and was not reminded in the last hour; it returns how many units
// were reminded. None left to remind is a form error on "remind".
func (s *Store) Remind(ctx context.Context, p *auth.Principal, id int64) (int, error) {
	var n int
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		b, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !b.MayRemind(p) {
			return fmt.Errorf("remind bulletin %d: %w", id, ui.ErrForbidden)
		}
		now := s.now().UTC()
		var units []int64
		for _, r := range b.Receipts {
			if r.Done() || r.RemindedAt != nil && now.Sub(*r.RemindedAt) < remindGap {
				continue
			}
			what := fmt.Sprintf("remind-%d-%d", r.UnitID, r.Reminders+1)
			if err := s.notifyUnits(ctx, tx, id, []int64{r.UnitID}, "bulletin.remind", "请确认收到通知："+b.Title, what); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE bulletin_recipients SET reminders = reminders + 1, reminded_at = ?
				WHERE bulletin_id = ? AND unit_id = ?`, now, id, r.UnitID); err != nil {
				return fmt.Errorf("remind bulletin: %w", err)
			}
			units = append(units, r.UnitID)
		}
		if n = len(units); n == 0 {
			return ui.Errors{"remind": "bulletin.err.remind_none"}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "bulletin", EntityID: itoa(id), Action: "remind",
			After: map[string]any{"units": units}})
	})
	return n, err
}
