package auth

import (
	"context"
	"fmt"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// How a second factor was proven; also the login_log reason.
const (
	factorTOTP     = "totp"
	factorRecovery = "recovery code"
)

// verifySecondFactor accepts a current TOTP code whose time step is newer
// than the last one used, or an unused recovery code (which it spends). It
// returns the factor used, or "" when the code is wrong or replayed.
func (s *Service) verifySecondFactor(ctx context.Context, uid int64, code string) (string, error) {
	var used string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var sealed string
		var last int64
		if err := tx.QueryRow(ctx, `SELECT totp_secret_enc, totp_last_step FROM users WHERE id = ? AND totp_enabled = ?`,
			uid, true).Scan(&sealed, &last); err != nil {
			return store.NotFound(err, "totp user")
		}
		secret, err := s.suite.Open(sealed)
		if err != nil {
			return fmt.Errorf("open totp secret: %w", err)
		}
		if step := matchTOTP(string(secret), code, s.now()); step != 0 {
			if step <= last {
				return nil // replayed within (or before) a step already used
			}
			res, err := tx.Exec(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, uid, step)
			if err != nil {
				return fmt.Errorf("store totp step: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				used = factorTOTP
			}
			return nil
		}
		ok, err := s.useRecoveryCode(ctx, tx, uid, code)
		if err != nil || !ok {
			return err
		}
		used = factorRecovery
		var left int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, uid).Scan(&left); err != nil {
			return fmt.Errorf("count recovery codes: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(uid, 10),
			Action: "recovery_code.use", After: map[string]any{"recovery_codes_left": left}})
	})
	return used, err
}
