package portal_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"tongchou/internal/abuse"
	"tongchou/internal/app"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/demo"
)

// newAllowEnv starts the app with allow as --public-allow (authtest.New
// has no way to pass it).
func newAllowEnv(t *testing.T, allow string) *authtest.Env { return newAllowEnvB(t, allow) }

// newAllowEnvB is newAllowEnv for tests and benchmarks.
func newAllowEnvB(t testing.TB, allow string) *authtest.Env {
	t.Helper()
	dir := t.TempDir()
	a, err := app.New(context.Background(), app.Config{DB: "sqlite:" + filepath.Join(dir, "t.db"), KeyFile: filepath.Join(dir, "k"),
		Crypto: "std", SQLiteSync: "OFF", SecureCookies: true, PublicAllow: allow}, time.Now)
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := demo.Load(context.Background(), demo.Deps{DB: a.DB, Audit: a.Audit, Suite: a.Suite, Now: time.Now}, authtest.Password); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return &authtest.Env{T: t, App: a} // real clock: no test here moves time
}

var (
	reToken  = regexp.MustCompile(`name="pow_token" value="([^"]+)"`)
	reKey    = regexp.MustCompile(`name="key" value="([^"]+)"`)
	reOption = regexp.MustCompile(`<option value="(\d+)"[^>]*>([^<]*)</option>`)
)

// form is a fresh appeal form as the page gives it: its hidden fields, the
// challenge solved, and the first category and a village of 青石镇 chosen.
type form struct {
	url.Values
}

func appealForm(t *testing.T, c *authtest.Client) form { return appealFormB(t, c) }

func appealFormB(t testing.TB, c *authtest.Client) form {
	t.Helper()
	r := c.Get("/public/appeal?q=" + url.QueryEscape("青石"))
	if r.Code != http.StatusOK {
		t.Fatalf("GET /public/appeal: %d %s", r.Code, r.Body)
	}
	v := url.Values{}
	if m := reKey.FindStringSubmatch(r.Body); m != nil {
		v.Set("key", m[1])
	}
	if m := reToken.FindStringSubmatch(r.Body); m != nil {
		tok := html.UnescapeString(m[1])
		v.Set("pow_token", tok)
		v.Set("pow_solution", abuse.Solve(tok, 16))
	}
	opts := reOption.FindAllStringSubmatch(r.Body, -1)
	if len(opts) < 2 {
		t.Fatalf("appeal form has no choices:\n%s", r.Body)
	}
	v.Set("category", opts[0][1]) // the first category
	v.Set("region", opts[len(opts)-1][1])
	v.Set("description", "村口的路灯坏了一个月，晚上看不见路。")
	v.Set("phone", "13912345678")
	v.Set("name", "张三")
	return form{v}
}

// postMultipart sends the form with files (name → content) as the browser does.
func postMultipart(env *authtest.Env, ip, path string, v url.Values, files map[string][]byte) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range v {
		for _, s := range vs {
			mw.WriteField(k, s)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("photos", name)
		fw.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.RemoteAddr = ip + ":40000"
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	return rec
}

func countAppeals(t *testing.T, env *authtest.Env) int {
	t.Helper()
	var n int
	if err := env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM appeals`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var reCode = regexp.MustCompile(`/public/appeal/sent/([0-9A-Z]{10})`)

// codeOf is the tracking code a successful submission redirected to.
func codeOf(t *testing.T, loc string) string {
	t.Helper()
	m := reCode.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("no tracking code in redirect %q", loc)
	}
	return m[1]
}

func itoa(n int) string { return strconv.Itoa(n) }
