package briefing

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Publish freezes a draft briefing and gives it the next 发文字号 of its
// prefix and year (河西督通〔2026〕3号). The counter row is incremented in
// the publishing transaction, so concurrent publications queue on it and a
// failed one rolls its number back: numbers have no gaps. The red notices
// the briefing names are marked as briefed in the same transaction.
func (s *Store) Publish(ctx context.Context, p *auth.Principal, id int64, version int) (string, error) {
	if !canWrite(p) {
		return "", ui.ErrForbidden
	}
	var number string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		number, err = s.PublishIn(ctx, tx, p, id, version)
		return err
	})
	return number, err
}

// PublishIn is Publish inside the caller's transaction (the demo loader's).
func (s *Store) PublishIn(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64, version int) (string, error) {
	if !canWrite(p) {
		return "", ui.ErrForbidden
	}
	b, err := get(ctx, tx, id)
	if err != nil {
		return "", err
	}
	if b.Published() {
		return "", ErrPublished
	}
	if b.Kind != KindBriefing {
		return "", ui.Errors{"kind": "briefing.err.publish_outline"}
	}
	if b.Version != version {
		return "", store.ErrConflict
	}
	set, err := LoadSettings(ctx, tx, b.CampaignID)
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	year := s.now().In(ui.Shanghai).Year()
	var seq int
	err = tx.QueryRow(ctx, `INSERT INTO briefing_counters (prefix, year, last) VALUES (?, ?, 1)
		ON CONFLICT (prefix, year) DO UPDATE SET last = briefing_counters.last + 1 RETURNING last`, set.Prefix, year).Scan(&seq)
	if err != nil {
		return "", fmt.Errorf("briefing number: %w", err)
	}
	number := fmt.Sprintf("%s〔%d〕%d号", set.Prefix, year, seq)
	res, err := tx.Exec(ctx, `UPDATE briefings SET status = 'published', number_prefix = ?, year = ?, seq = ?, number = ?,
		version = version + 1, updated_at = ?, published_by = ?, published_at = ? WHERE id = ? AND version = ? AND status = 'draft'`,
		set.Prefix, year, seq, number, now, p.ID, now, id, version)
	if err != nil {
		return "", fmt.Errorf("publish briefing %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return "", store.ErrConflict
	}
	if err := task.MarkBriefed(ctx, tx, b.Figures.Problems.NoticeIDs, now); err != nil {
		return "", err
	}
	return number, s.audit.Record(ctx, tx, audit.Entry{Entity: "briefing", EntityID: strconv.FormatInt(id, 10), Action: "publish",
		Before: map[string]any{"status": b.Status}, After: map[string]any{"status": StatusPublished, "number": number}})
}

// SaveSettings changes a campaign's briefing settings.
func (s *Store) SaveSettings(ctx context.Context, p *auth.Principal, campaign int64, set Settings) error {
	if !canWrite(p) {
		return ui.ErrForbidden
	}
	if err := set.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := LoadSettings(ctx, tx, campaign)
		if err != nil {
			return err
		}
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM campaigns WHERE id = ?`, campaign).Scan(&one); err != nil {
			return store.NotFound(err, "campaign")
		}
		if err := saveSettings(ctx, tx, campaign, set, s.now().UTC()); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "briefing_settings", EntityID: strconv.FormatInt(campaign, 10),
			Action: "update", Before: before, After: set})
	})
}

// SaveSettingsIn writes a campaign's settings in the caller's transaction
// (the demo loader's), validated as the form is.
func SaveSettingsIn(ctx context.Context, tx *store.Tx, campaign int64, set Settings, now time.Time) error {
	if err := set.Validate(); err != nil {
		return err
	}
	return saveSettings(ctx, tx, campaign, set, now.UTC())
}
