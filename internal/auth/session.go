package auth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"tongchou/internal/store"
)

// sessionStore keeps scs sessions in the sessions table of either engine.
type sessionStore struct {
	db  *store.DB
	now func() time.Time
}

func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.QueryRow(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, s.now().UTC()).Scan(&b)
	if errors.Is(store.NotFound(err, "session"), store.ErrNotFound) {
		return nil, false, nil
	}
	return b, err == nil, err
}

func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	// scs computes expiry from the wall clock; FindCtx checks it against the
	// app's clock, so move it onto that clock (they differ under a test clock).
	expiry = expiry.Add(s.now().Sub(time.Now()))
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token = ?`, token)
	return err
}

func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// newSessions returns the session manager: HttpOnly, SameSite=Lax and Secure
// cookies (browsers accept Secure cookies from http://localhost); the idle
// timeout is enforced by Middleware from the security policy, so it can change
// without a restart.
func newSessions(db *store.DB, now func() time.Time, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = &sessionStore{db: db, now: now}
	sm.Lifetime = 12 * time.Hour
	sm.Cookie.Name = "tongchou_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.Secure = secure
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Persist = false
	return sm
}
