package auth

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// PolicyRange is the accepted range of a numeric policy value.
type PolicyRange struct{ Min, Max int }

// Ranges the security admin may choose within: 等保 level 3 wants a lock and
// an idle timeout, so neither can be switched off.
var (
	IdleRange     = PolicyRange{5, 480}
	FailuresRange = PolicyRange{3, 10}
	LockRange     = PolicyRange{5, 1440}
)

func (r PolicyRange) has(n int) bool { return n >= r.Min && n <= r.Max }

// Validate checks p and names the offending fields (form names
// idle_minutes, max_failures, lock_minutes, mfa_roles).
func (p Policy) Validate() error {
	errs := ui.Errors{}
	if !IdleRange.has(p.IdleMinutes) {
		errs["idle_minutes"] = "security.range_idle"
	}
	if !FailuresRange.has(p.MaxFailures) {
		errs["max_failures"] = "security.range_failures"
	}
	if !LockRange.has(p.LockMinutes) {
		errs["lock_minutes"] = "security.range_lock"
	}
	for _, r := range p.MFARoles {
		if !r.Valid() {
			errs["mfa_roles"] = "form.invalid"
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// SavePolicy stores p in the settings inside the caller's transaction (the
// caller audits); it takes effect on the next request.
func SavePolicy(ctx context.Context, tx *store.Tx, p Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	roles := make([]string, len(p.MFARoles))
	for i, r := range p.MFARoles {
		roles[i] = string(r)
	}
	for k, v := range map[string]string{
		settingIdle:     strconv.Itoa(p.IdleMinutes),
		settingFailures: strconv.Itoa(p.MaxFailures),
		settingLock:     strconv.Itoa(p.LockMinutes),
		settingMFARoles: strings.Join(roles, ","),
	} {
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("save policy %s: %w", k, err)
		}
	}
	return nil
}
