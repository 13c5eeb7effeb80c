package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongchou/internal/api"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/task"
)

var secretRe = regexp.MustCompile(`tc_[a-z2-7]{32}`)

// createToken creates a token on the account page and returns its secret.
func createToken(t *testing.T, c *authtest.Client, name, days string) string {
	t.Helper()
	r := c.Post("/account/tokens", url.Values{"name": {name}, "days": {days}})
	secret := secretRe.FindString(r.Body)
	if r.Code != http.StatusOK || secret == "" {
		t.Fatalf("create token: status %d, secret %q", r.Code, secret)
	}
	return secret
}

// call sends an API request with the bearer token (none when empty).
func call(env *authtest.Env, method, path, token string) *authtest.Response {
	c := env.Client("10.0.6.9")
	if token != "" {
		c.Header.Set("Authorization", "Bearer "+token)
	}
	return c.Do(method, path, nil)
}

func TestTokenLifecycle(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.0.6.1")
		c.MustLogin("jiaoyu")
		secret := createToken(t, c, "报表系统", "30")

		r := call(env, http.MethodGet, "/api/v1/me", secret)
		var me struct {
			Username string   `json:"username"`
			UnitName string   `json:"unit_name"`
			Roles    []string `json:"roles"`
		}
		if r.Code != http.StatusOK || json.Unmarshal([]byte(r.Body), &me) != nil || me.Username != "jiaoyu" || me.UnitName != "教育局" {
			t.Fatalf("GET /api/v1/me = %d %s", r.Code, r.Body)
		}
		var hash string
		env.App.DB.QueryRow(t.Context(), `SELECT token_hash FROM api_tokens`).Scan(&hash)
		if hash == "" || strings.Contains(hash, secret[3:]) {
			t.Fatal("token stored in the clear")
		}
		if strings.Contains(c.Get("/account/tokens").Body, secret) {
			t.Fatal("the secret is shown again after creation")
		}

		for _, tc := range []struct{ name, token string }{
			{"NoTokenUnauthorized", ""},
			{"UnknownTokenUnauthorized", "tc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
			{"GarbageUnauthorized", "' OR 1=1 --"},
			{"HugeTokenUnauthorized", "tc_" + strings.Repeat("a", 1<<20)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := call(env, http.MethodGet, "/api/v1/me", tc.token)
				var body struct{ Error, Message string }
				if r.Code != http.StatusUnauthorized || json.Unmarshal([]byte(r.Body), &body) != nil || body.Error != "unauthorized" || body.Message == "" {
					t.Fatalf("= %d %s, want 401 JSON", r.Code, r.Body)
				}
			})
		}

		var id int64
		env.App.DB.QueryRow(t.Context(), `SELECT id FROM api_tokens`).Scan(&id)
		other := env.Client("10.0.6.2")
		other.MustLogin("qingshi")
		if r := other.Post("/account/tokens/"+strconv.FormatInt(id, 10)+"/revoke", nil); r.Code != http.StatusNotFound {
			t.Fatalf("revoking another user's token = %d, want 404", r.Code)
		}
		if r := call(env, http.MethodGet, "/api/v1/me", secret); r.Code != http.StatusOK {
			t.Fatalf("token stopped working after another user's attempt: %d", r.Code)
		}
		if r := c.Post("/account/tokens/"+strconv.FormatInt(id, 10)+"/revoke", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("revoke = %d", r.Code)
		}
		if r := call(env, http.MethodGet, "/api/v1/me", secret); r.Code != http.StatusUnauthorized {
			t.Fatalf("revoked token = %d, want 401", r.Code)
		}
	})
}

func TestTokenExpiresAndFollowsTheAccount(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.6.3")
	c.MustLogin("ducha")
	short := createToken(t, c, "临时", "1")
	forever := createToken(t, c, "长期", "0")
	env.Clock.Advance(25 * time.Hour)
	if r := call(env, http.MethodGet, "/api/v1/me", short); r.Code != http.StatusUnauthorized {
		t.Fatalf("expired token = %d, want 401", r.Code)
	}
	if r := call(env, http.MethodGet, "/api/v1/me", forever); r.Code != http.StatusOK {
		t.Fatalf("token without expiry = %d, want 200", r.Code)
	}
	env.Exec(`UPDATE users SET disabled = TRUE WHERE username = 'ducha'`)
	if r := call(env, http.MethodGet, "/api/v1/me", forever); r.Code != http.StatusUnauthorized {
		t.Fatalf("token of a disabled account = %d, want 401", r.Code)
	}
}

func TestTokenFormRefusesBadInput(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.6.4")
	c.MustLogin("ducha")
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"EmptyName", url.Values{"name": {" "}, "days": {"30"}}, "此项必填"},
		{"HugeName", url.Values{"name": {strings.Repeat("名", 1<<20)}, "days": {"30"}}, "内容过长"},
		{"DaysNotANumber", url.Values{"name": {"x"}, "days": {"abc"}}, "有效天数须为"},
		{"DaysTooMany", url.Values{"name": {"x"}, "days": {"99999"}}, "有效天数须为"},
		{"NegativeDays", url.Values{"name": {"x"}, "days": {"-1"}}, "有效天数须为"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post("/account/tokens", tc.form)
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("= %d, want 422 with %q", r.Code, tc.want)
			}
		})
	}
	var n int
	env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM api_tokens`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d tokens created from bad input", n)
	}
}

// TestOpenAPIMatchesRoutes checks that the document is OpenAPI 3.1 and that
// every operation it lists is routed (answers neither 404 nor 405), and that
// an undocumented API path is 404.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	env := authtest.New(t)
	r := call(env, http.MethodGet, "/api/v1/openapi.json", "")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if r.Code != http.StatusOK || json.Unmarshal([]byte(r.Body), &doc) != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi.json = %d, version %q", r.Code, doc.OpenAPI)
	}
	if string(api.Document()) != r.Body {
		t.Fatal("served document differs from the embedded one")
	}
	c := env.Client("10.0.6.5")
	c.MustLogin("ducha")
	token := createToken(t, c, "openapi", "1")
	ids := existingIDs(t, env)
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" /api/v1"+path] = true
			r := call(env, strings.ToUpper(method), "/api/v1"+withIDs(path, ids), token)
			if r.Code == http.StatusNotFound || r.Code == http.StatusMethodNotAllowed {
				t.Errorf("%s %s documented but not routed: %d", method, path, r.Code)
			}
		}
	}
	for _, pattern := range routedPatterns() {
		if !documented[pattern] {
			t.Errorf("%s routed but not documented in openapi.json", pattern)
		}
		delete(documented, pattern)
	}
	for pattern := range documented {
		t.Errorf("%s documented but not in the routed list", pattern)
	}
	if r := call(env, http.MethodGet, "/api/v1/nothing-here", token); r.Code != http.StatusNotFound {
		t.Errorf("undocumented path = %d, want 404", r.Code)
	}
}

// routedPatterns lists every /api/v1 pattern app mounts: the API's own and
// the task package's APIRoutes, which routes.go mounts in a loop.
func routedPatterns() []string {
	out := []string{"GET /api/v1/me"}
	for _, rt := range task.APIRoutes {
		out = append(out, rt.Pattern)
	}
	return out
}

// existingIDs finds a real campaign, task and report of the demo, so a
// documented {id} path reaches its handler rather than a not-found answer.
func existingIDs(t *testing.T, env *authtest.Env) map[string]string {
	t.Helper()
	out := map[string]string{}
	for prefix, table := range map[string]string{"/campaigns/": "campaigns", "/tasks/": "tasks", "/reports/": "task_reports"} {
		var id int64
		if err := env.App.DB.QueryRow(t.Context(), `SELECT COALESCE(MIN(id), 0) FROM `+table).Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[prefix] = strconv.FormatInt(max(id, 1), 10)
	}
	return out
}

// withIDs fills a documented path's {id} with an existing record's id.
func withIDs(path string, ids map[string]string) string {
	for prefix, id := range ids {
		path = strings.Replace(path, prefix+"{id}", prefix+id, 1)
	}
	return path
}
