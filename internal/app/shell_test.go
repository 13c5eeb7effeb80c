package app

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tongchou/internal/settings"
	"tongchou/internal/ui"
)

const shellPassword = "Shell-Test-2026!"

// shellServer serves the program with the demo district over TLS (the
// session cookie is Secure) and returns a client that keeps cookies.
func shellServer(t *testing.T) (*App, *httptest.Server) {
	t.Helper()
	a := opsApp(t)
	if err := a.bootstrap(context.Background(), true, shellPassword, io.Discard); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	srv := httptest.NewTLSServer(a.Handler)
	t.Cleanup(srv.Close)
	return a, srv
}

func shellClient(t *testing.T, srv *httptest.Server) *http.Client {
	t.Helper()
	c := srv.Client()
	jar, _ := cookiejar.New(nil)
	c.Jar = jar
	return c
}

// shellLogin signs the client in as username and returns the home page.
func shellLogin(t *testing.T, c *http.Client, srv *httptest.Server, username string) string {
	t.Helper()
	resp, err := c.PostForm(srv.URL+"/login", url.Values{"username": {username}, "password": {shellPassword}})
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("login as %s ended at %s with %d", username, resp.Request.URL.Path, resp.StatusCode)
	}
	return body
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func shellDo(t *testing.T, c *http.Client, method, u, lang string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	if lang != "" {
		req.AddCookie(&http.Cookie{Name: ui.LangCookie, Value: lang})
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return resp, readBody(t, resp)
}

func TestErrorPagesSpeakTheVisitorsLanguage(t *testing.T) {
	_, srv := shellServer(t)
	c := shellClient(t, srv)
	crossSite := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	for _, tc := range []struct {
		name   string
		method string
		path   string
		hdr    map[string]string
		lang   string
		status int
		want   string
	}{
		{"NotFoundInChinese", "GET", "/no-such-page", nil, "", 404, "不存在"},
		{"NotFoundInEnglish", "GET", "/no-such-page", nil, "en", 404, "does not exist"},
		{"ForgedPostForbiddenInChinese", "POST", "/login", crossSite, "", 403, "没有权限"},
		{"ForgedPostForbiddenInEnglish", "POST", "/login", crossSite, "en", 403, "not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := shellDo(t, c, tc.method, srv.URL+tc.path, tc.lang, tc.hdr)
			if resp.StatusCode != tc.status {
				t.Fatalf("%s %s = %d, want %d", tc.method, tc.path, resp.StatusCode, tc.status)
			}
			if !strings.Contains(body, tc.want) {
				t.Errorf("%d page lacks %q:\n%s", tc.status, tc.want, body)
			}
			if !strings.Contains(body, `<html lang="`+map[string]string{"": "zh-CN", "en": "en"}[tc.lang]+`"`) {
				t.Errorf("%d page is not marked with the visitor's language", tc.status)
			}
		})
	}
}

// externalRef finds a src, href or action that leaves the site.
var externalRef = regexp.MustCompile(`(?i)(src|href|action)\s*=\s*["']?\s*(https?:|//)`)

func TestPagesHaveNoExternalURLAndCarryTheCSP(t *testing.T) {
	_, srv := shellServer(t)
	anon := shellClient(t, srv)
	signedIn := shellClient(t, srv)
	home := shellLogin(t, signedIn, srv, "ducha")
	css := regexp.MustCompile(`/static/[^"]+/app\.css`).FindString(home)
	js := regexp.MustCompile(`/static/[^"]+/app\.js`).FindString(home)
	if css == "" || js == "" {
		t.Fatalf("home page links no app.css or app.js:\n%s", home)
	}
	for _, tc := range []struct {
		name   string
		c      *http.Client
		method string
		path   string
		page   bool
	}{
		{"LoginPage", anon, "GET", "/login", true},
		{"HomePage", signedIn, "GET", "/", true},
		{"NotFoundPage", signedIn, "GET", "/nowhere", true},
		{"ForbiddenPage", anon, "POST", "/logout", true},
		{"Stylesheet", anon, "GET", css, false},
		{"Script", anon, "GET", js, false},
		{"Healthz", anon, "GET", "/healthz", false},
		{"Metrics", anon, "GET", "/metrics", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.method == "POST" {
				hdr["Sec-Fetch-Site"] = "cross-site"
			}
			resp, body := shellDo(t, tc.c, tc.method, srv.URL+tc.path, "", hdr)
			if got := resp.Header.Get("Content-Security-Policy"); got != ui.CSP {
				t.Errorf("%s %s: Content-Security-Policy = %q, want %q", tc.method, tc.path, got, ui.CSP)
			}
			if m := externalRef.FindString(body); m != "" {
				t.Errorf("%s %s refers outside the site: %s", tc.method, tc.path, m)
			}
			if tc.page && (strings.Contains(body, "<script>") || strings.Contains(body, " style=") || regexp.MustCompile(`\son[a-z]+=`).MatchString(body)) {
				t.Errorf("%s %s has inline script, style or handler", tc.method, tc.path)
			}
		})
	}
	t.Run("StylesheetHasPrintRules", func(t *testing.T) {
		_, body := shellDo(t, anon, "GET", srv.URL+css, "", nil)
		if !strings.Contains(body, "@media print") {
			t.Error("app.css has no @media print block")
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Error("app.css refers to another origin")
		}
	})
}

func TestWatermarkFollowsTheSetting(t *testing.T) {
	a, srv := shellServer(t)
	c := shellClient(t, srv)
	home := shellLogin(t, c, srv, "ducha")
	if strings.Contains(home, `class="watermark"`) {
		t.Fatal("watermark shown while the setting is off")
	}
	if _, err := a.DB.Exec(context.Background(), "INSERT INTO settings (key, value) VALUES (?, ?)", settings.WatermarkKey, "1"); err != nil {
		t.Fatalf("turn the watermark on: %v", err)
	}
	_, page := shellDo(t, c, "GET", srv.URL+"/", "", nil)
	if !strings.Contains(page, `class="watermark"`) {
		t.Fatal("no watermark with ui.watermark = 1")
	}
	want := "陈督 ducha " + a.Now().In(ui.Shanghai).Format("2006-01-02")
	if !strings.Contains(page, want) {
		t.Errorf("watermark does not carry %q", want)
	}
	t.Run("NotOnTheLoginPage", func(t *testing.T) {
		_, login := shellDo(t, shellClient(t, srv), "GET", srv.URL+"/login", "", nil)
		if strings.Contains(login, `class="watermark"`) {
			t.Error("watermark shown to a visitor who is not signed in")
		}
	})
}
