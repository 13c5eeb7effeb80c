package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"tongchou/internal/store"
)

// recoveryCount is how many one-time recovery codes an enrolment gives.
const recoveryCount = 10

// recoveryAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const recoveryAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newRecoveryCodes returns codes shown to the user once, as XXXXX-XXXXX
// (50 bits each, so a keyed hash is enough to store them).
func newRecoveryCodes() []string {
	out := make([]string, recoveryCount)
	for i := range out {
		b := make([]byte, 10)
		rand.Read(b)
		for j := range b {
			b[j] = recoveryAlphabet[int(b[j])%len(recoveryAlphabet)]
		}
		out[i] = string(b[:5]) + "-" + string(b[5:])
	}
	return out
}

// normalizeRecovery accepts a code typed with or without the dash, in any case.
func normalizeRecovery(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	return strings.NewReplacer("-", "", " ", "").Replace(code)
}

// recoveryHash is the keyed hash stored for a code; the key is outside the
// database, so a copied database does not reveal the codes.
func (s *Service) recoveryHash(uid int64, code string) string {
	return s.suite.MAC(fmt.Appendf(nil, "recovery:%d:%s", uid, normalizeRecovery(code)))
}

// storeRecoveryCodes replaces the user's recovery codes with the hashes of codes.
func (s *Service) storeRecoveryCodes(ctx context.Context, tx *store.Tx, uid int64, codes []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, uid); err != nil {
		return fmt.Errorf("drop recovery codes: %w", err)
	}
	for _, c := range codes {
		if _, err := tx.Exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, uid, s.recoveryHash(uid, c)); err != nil {
			return fmt.Errorf("store recovery code: %w", err)
		}
	}
	return nil
}

// useRecoveryCode marks an unused code as used and reports whether there was one.
func (s *Service) useRecoveryCode(ctx context.Context, tx *store.Tx, uid int64, code string) (bool, error) {
	n := normalizeRecovery(code)
	if len(n) != 10 || strings.Trim(n, recoveryAlphabet) != "" {
		return false, nil
	}
	res, err := tx.Exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
		s.now().UTC(), uid, s.recoveryHash(uid, code))
	if err != nil {
		return false, fmt.Errorf("use recovery code: %w", err)
	}
	rows, err := res.RowsAffected()
	return rows == 1, err
}

// ResetSecondFactor removes a user's TOTP secret and recovery codes inside
// the caller's transaction (the security admin's reset); the caller audits.
func ResetSecondFactor(ctx context.Context, tx *store.Tx, uid int64) error {
	if _, err := tx.Exec(ctx, `UPDATE users SET totp_enabled = ?, totp_secret_enc = '', totp_last_step = 0 WHERE id = ?`,
		false, uid); err != nil {
		return fmt.Errorf("reset totp: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, uid); err != nil {
		return fmt.Errorf("drop recovery codes: %w", err)
	}
	return nil
}
