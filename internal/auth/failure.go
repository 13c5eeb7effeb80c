package auth

import (
	"context"
	"fmt"
	"time"
)

// countFailure records a failed check by a user who already passed the
// password step (a wrong second factor, a wrong current password), so such
// guesses count toward the same lock as wrong passwords.
func (s *Service) countFailure(ctx context.Context, uid int64, username, ip, reason string) error {
	s.throttle.fail(ip)
	policy, err := LoadPolicy(ctx, s.db)
	if err != nil {
		return err
	}
	var failures int
	if err := s.db.QueryRow(ctx, `SELECT failed_logins FROM users WHERE id = ?`, uid).Scan(&failures); err != nil {
		return fmt.Errorf("read failures: %w", err)
	}
	return s.recordFailure(ctx, uid, username, ip, failures+1, policy, reason)
}

// isLocked reports whether the account is locked now.
func (s *Service) isLocked(ctx context.Context, uid int64) (bool, error) {
	var locked *time.Time
	if err := s.db.QueryRow(ctx, `SELECT locked_until FROM users WHERE id = ?`, uid).Scan(&locked); err != nil {
		return false, fmt.Errorf("read lock: %w", err)
	}
	return locked != nil && s.now().UTC().Before(*locked), nil
}

// clearFailures resets the failure count after a complete sign-in.
func (s *Service) clearFailures(ctx context.Context, uid int64) error {
	if _, err := s.db.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, uid); err != nil {
		return fmt.Errorf("reset failures: %w", err)
	}
	return nil
}
