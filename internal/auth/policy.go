package auth

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/store"
)

// Policy is the security policy the security admin sets; it lives in the
// settings table so a change takes effect without a restart.
type Policy struct {
	IdleMinutes  int    // idle session timeout
	MaxFailures  int    // failed logins before the account locks
	LockMinutes  int    // how long the lock lasts
	HistoryDepth int    // how many previous passwords may not be reused
	MFARoles     []Role // roles that must use a second factor
}

// DefaultPolicy is the 等保 2.0 level-3 baseline.
var DefaultPolicy = Policy{IdleMinutes: 30, MaxFailures: 5, LockMinutes: 15, HistoryDepth: 3}

// Setting keys of the policy.
const (
	settingIdle     = "security.idle_minutes"
	settingFailures = "security.max_failures"
	settingLock     = "security.lock_minutes"
	settingMFARoles = "security.mfa_roles"
)

// LoadPolicy reads the policy, falling back to the defaults for unset values.
func LoadPolicy(ctx context.Context, q store.Querier) (Policy, error) {
	p := DefaultPolicy
	rows, err := q.Query(ctx, `SELECT key, value FROM settings WHERE key LIKE 'security.%'`)
	if err != nil {
		return p, fmt.Errorf("load policy: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return p, err
		}
		n, _ := strconv.Atoi(v)
		switch {
		case k == settingIdle && n > 0:
			p.IdleMinutes = n
		case k == settingFailures && n > 0:
			p.MaxFailures = n
		case k == settingLock && n > 0:
			p.LockMinutes = n
		case k == settingMFARoles:
			for _, r := range strings.Split(v, ",") {
				if Role(r).Valid() {
					p.MFARoles = append(p.MFARoles, Role(r))
				}
			}
		}
	}
	return p, rows.Err()
}

// Idle is the idle timeout as a duration.
func (p Policy) Idle() time.Duration { return time.Duration(p.IdleMinutes) * time.Minute }

// RequiresMFA reports whether a user with roles must use a second factor.
func (p Policy) RequiresMFA(roles []Role) bool {
	for _, r := range roles {
		for _, m := range p.MFARoles {
			if r == m {
				return true
			}
		}
	}
	return false
}
