// Package authtest starts the whole application on a fresh SQLite file with
// the demo loaded and a clock the test moves, and gives HTTP clients that keep
// their cookies, so security rules are tested through the real middleware.
package authtest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tongchou/internal/app"
	"tongchou/internal/demo"
	"tongchou/internal/store/storetest"
)

// Password is the demo accounts' password in tests.
const Password = "Test-Pass-2026"

// Clock is a settable clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the current test time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Env is a running application.
type Env struct {
	T     testing.TB
	App   *app.App
	Clock *Clock
}

// New starts the app on a fresh SQLite file with the demo district loaded.
func New(t testing.TB) *Env {
	t.Helper()
	return NewOn(t, "sqlite:"+filepath.Join(t.TempDir(), "t.db"))
}

// Each runs fn against the app on SQLite and again on PostgreSQL, for the
// rules whose SQL differs most between the engines.
func Each(t *testing.T, fn func(t *testing.T, env *Env)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, New(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewOn(t, storetest.PostgresURL(t))) })
}

// NewOn starts the app on the database at dbURL with the demo district loaded.
func NewOn(t testing.TB, dbURL string) *Env {
	t.Helper()
	dir := t.TempDir()
	clock := &Clock{t: time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DB: dbURL, KeyFile: filepath.Join(dir, "k"),
		Crypto: "std", SQLiteSync: "OFF", SecureCookies: true}, clock.Now)
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := demo.Load(ctx, demo.Deps{DB: a.DB, Audit: a.Audit, Suite: a.Suite, Now: clock.Now}, Password); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return &Env{T: t, App: a, Clock: clock}
}

// Exec runs SQL directly (test set-up only).
func (e *Env) Exec(q string, args ...any) {
	e.T.Helper()
	if _, err := e.App.DB.Exec(context.Background(), q, args...); err != nil {
		e.T.Fatalf("exec %q: %v", q, err)
	}
}

// UserID returns the id of username.
func (e *Env) UserID(username string) int64 {
	e.T.Helper()
	var id int64
	if err := e.App.DB.QueryRow(context.Background(), `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		e.T.Fatalf("user %s: %v", username, err)
	}
	return id
}

// Client is a browser stand-in: it keeps cookies and comes from one address.
type Client struct {
	env     *Env
	IP      string
	Cookies map[string]*http.Cookie
	Header  http.Header // extra headers sent with every request
}

// Client returns a client coming from ip.
func (e *Env) Client(ip string) *Client {
	return &Client{env: e, IP: ip, Cookies: map[string]*http.Cookie{}, Header: http.Header{}}
}

// Response is a finished request.
type Response struct {
	*httptest.ResponseRecorder
	Body string
}

// Location is the redirect target, or "".
func (r *Response) Location() string { return r.Header().Get("Location") }

// Do sends a request; form values make it a form POST body.
func (c *Client) Do(method, path string, form url.Values) *Response {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = c.IP + ":40000"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.env.App.Handler.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.Cookies, ck.Name)
		} else {
			c.Cookies[ck.Name] = ck
		}
	}
	return &Response{ResponseRecorder: rec, Body: rec.Body.String()}
}

// Get fetches path.
func (c *Client) Get(path string) *Response { return c.Do(http.MethodGet, path, nil) }

// Post submits form to path.
func (c *Client) Post(path string, form url.Values) *Response {
	if form == nil {
		form = url.Values{}
	}
	return c.Do(http.MethodPost, path, form)
}

// Login posts the login form.
func (c *Client) Login(username, password string) *Response {
	return c.Post("/login", url.Values{"username": {username}, "password": {password}, "next": {"/"}})
}

// MustLogin signs in with the demo password and fails the test unless the
// login page sends the user on.
func (c *Client) MustLogin(username string) {
	c.env.T.Helper()
	if r := c.Login(username, Password); r.Code != http.StatusSeeOther {
		c.env.T.Fatalf("login %s: status %d", username, r.Code)
	}
}
