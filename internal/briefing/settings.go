package briefing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Settings are a campaign's briefing settings: the ranking's weights in
// percent (40/40/20 by default), the target score for 红榜 / 黑榜 (80), how
// many units each list names (3), and the 发文字号 prefix.
type Settings struct {
	WeightReports    int    `json:"weight_reports"`
	WeightCompletion int    `json:"weight_completion"`
	WeightLights     int    `json:"weight_lights"`
	Target           int    `json:"target"`
	BoardSize        int    `json:"board_size"`
	Prefix           string `json:"prefix"`
	Issuer           string `json:"issuer"`
	CC               string `json:"cc"`
}

// DefaultSettings are the settings of a campaign that never changed them.
var DefaultSettings = Settings{WeightReports: 40, WeightCompletion: 40, WeightLights: 20, Target: 80, BoardSize: 3, Prefix: "督通"}

// LoadSettings reads a campaign's settings, the defaults when it has none.
func LoadSettings(ctx context.Context, q store.Querier, campaign int64) (Settings, error) {
	s := DefaultSettings
	err := q.QueryRow(ctx, `SELECT weight_reports, weight_completion, weight_lights, target_score, board_size, number_prefix, issuer, cc
		FROM briefing_settings WHERE campaign_id = ?`, campaign).Scan(&s.WeightReports, &s.WeightCompletion, &s.WeightLights,
		&s.Target, &s.BoardSize, &s.Prefix, &s.Issuer, &s.CC)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultSettings, nil
	}
	if err != nil {
		return s, fmt.Errorf("briefing settings: %w", err)
	}
	return s, nil
}

// Validate checks settings as typed: weights 0–100 summing to 100, target
// 0–100, board size 1–10, a prefix of 1–20 characters.
func (s Settings) Validate() error {
	errs := ui.Errors{}
	for k, w := range map[string]int{"weight_reports": s.WeightReports, "weight_completion": s.WeightCompletion, "weight_lights": s.WeightLights} {
		if w < 0 || w > 100 {
			errs[k] = "briefing.err.weight"
		}
	}
	if len(errs) == 0 && s.WeightReports+s.WeightCompletion+s.WeightLights != 100 {
		errs["weight_reports"] = "briefing.err.weight_sum"
	}
	if s.Target < 0 || s.Target > 100 {
		errs["target"] = "briefing.err.target"
	}
	if s.BoardSize < 1 || s.BoardSize > 10 {
		errs["board_size"] = "briefing.err.board_size"
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(s.Prefix)); n < 1 || n > 20 || strings.ContainsAny(s.Prefix, "〔〕<>&\"'") {
		errs["prefix"] = "briefing.err.prefix"
	}
	if utf8.RuneCountInString(s.Issuer) > 60 {
		errs["issuer"] = "briefing.err.long"
	}
	if utf8.RuneCountInString(s.CC) > 300 {
		errs["cc"] = "briefing.err.long"
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// saveSettings writes a campaign's settings in tx.
func saveSettings(ctx context.Context, tx *store.Tx, campaign int64, s Settings, at any) error {
	_, err := tx.Exec(ctx, `INSERT INTO briefing_settings (campaign_id, weight_reports, weight_completion, weight_lights, target_score,
		board_size, number_prefix, issuer, cc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (campaign_id) DO UPDATE SET weight_reports = excluded.weight_reports, weight_completion = excluded.weight_completion,
		weight_lights = excluded.weight_lights, target_score = excluded.target_score, board_size = excluded.board_size,
		number_prefix = excluded.number_prefix, issuer = excluded.issuer, cc = excluded.cc, updated_at = excluded.updated_at`,
		campaign, s.WeightReports, s.WeightCompletion, s.WeightLights, s.Target, s.BoardSize, strings.TrimSpace(s.Prefix),
		strings.TrimSpace(s.Issuer), strings.TrimSpace(s.CC), at)
	if err != nil {
		return fmt.Errorf("save briefing settings: %w", err)
	}
	return nil
}
