package auth

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Session keys.
const (
	keyUser = "uid"
	keySeen = "seen"
	keyMFA  = "mfa_pending"
)

// Service holds what sign-in and the per-request checks need.
type Service struct {
	db       *store.DB
	ui       *ui.UI
	audit    *audit.Log
	suite    crypt.Suite
	Sessions *scs.SessionManager
	now      func() time.Time
	throttle *ipThrottle
}

// New returns the auth service.
func New(db *store.DB, u *ui.UI, log *audit.Log, suite crypt.Suite, now func() time.Time, secureCookies bool) *Service {
	s := &Service{db: db, ui: u, audit: log, suite: suite, Sessions: newSessions(db, now, secureCookies), now: now,
		throttle: newIPThrottle(now)}
	s.Sessions.ErrorFunc = u.Error
	return s
}

// LoadPrincipal reads the user with their roles and units.
func LoadPrincipal(ctx context.Context, q store.Querier, id int64) (*Principal, error) {
	p := &Principal{ID: id}
	var disabled bool
	err := q.QueryRow(ctx, `SELECT u.username, u.name, u.unit_id, n.name, u.lang, u.must_change, u.disabled, u.totp_enabled
		FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = ?`, id).
		Scan(&p.Username, &p.Name, &p.UnitID, &p.UnitName, &p.Lang, &p.MustChange, &disabled, &p.TOTP)
	if err := store.NotFound(err, "load user"); err != nil {
		return nil, err
	}
	if disabled {
		return nil, fmt.Errorf("user %d disabled: %w", id, store.ErrNotFound)
	}
	rows, err := q.Query(ctx, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, id)
	if err != nil {
		return nil, fmt.Errorf("load roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Role
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		p.Roles = append(p.Roles, r)
	}
	p.Units = []int64{p.UnitID}
	urows, err := q.Query(ctx, `SELECT unit_id FROM user_units WHERE user_id = ? ORDER BY unit_id`, id)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	defer urows.Close()
	for urows.Next() {
		var u int64
		if err := urows.Scan(&u); err != nil {
			return nil, err
		}
		if u != p.UnitID {
			p.Units = append(p.Units, u)
		}
	}
	return p, urows.Err()
}

// viewer converts p for the layout.
func (p *Principal) viewer() *ui.Viewer {
	v := &ui.Viewer{ID: p.ID, Username: p.Username, Name: p.Name, UnitName: p.UnitName, Lang: ui.NormalizeLang(p.Lang)}
	for _, r := range p.Roles {
		v.Roles = append(v.Roles, string(r))
	}
	return v
}

// ClientIP is the remote address of the request without the port.
func ClientIP(r *http.Request) string {
	host := r.RemoteAddr
	for i := len(host) - 1; i >= 0; i-- {
		if host[i] == ':' {
			return host[:i]
		}
	}
	return host
}
