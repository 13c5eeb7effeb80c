package notify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/notify"
)

func countRows(t *testing.T, env *authtest.Env, q string) int {
	t.Helper()
	var n int
	if err := env.App.DB.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestChannelPagesAreForTheSystemAdminOnly(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.4.0.1")
	c.MustLogin("ducha")
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/admin/channels"},
		{http.MethodPost, "/admin/channels/smtp"},
		{http.MethodPost, "/admin/channels/robots/create"},
	} {
		t.Run("Forbidden"+strings.ReplaceAll(tc.path, "/", "_"), func(t *testing.T) {
			var form url.Values
			if tc.method == http.MethodPost {
				form = url.Values{"host": {"smtp.example.gov.cn"}, "port": {"25"}, "kind": {"wecom"}, "name": {"x"}, "url": {"https://example.com/x"}}
			}
			if r := c.Do(tc.method, tc.path, form); r.Code != http.StatusForbidden {
				t.Fatalf("%s %s as ducha = %d, want 403", tc.method, tc.path, r.Code)
			}
		})
	}
	if n := countRows(t, env, `SELECT COUNT(*) FROM notify_robots`) + countRows(t, env, `SELECT COUNT(*) FROM notify_smtp`); n != 0 {
		t.Fatalf("a forbidden post saved %d rows", n)
	}
}

func TestChannelPagesConfigureAndTestARobot(t *testing.T) {
	env := authtest.New(t)
	rr := &robotReceiver{kind: notify.RobotFeishu, secret: "fs-secret-42", now: env.Clock.Now()}
	srv := httptest.NewServer(rr)
	defer srv.Close()
	c := env.Client("10.4.0.2")
	c.MustLogin("admin")
	if r := c.Get("/admin/channels"); r.Code != http.StatusOK || !strings.Contains(r.Body, `action="/admin/channels/smtp"`) {
		t.Fatalf("GET /admin/channels = %d", r.Code)
	}
	big := strings.Repeat("界", 1<<19) // about 1.5 MB
	for _, tc := range []struct {
		name string
		path string
		form url.Values
		want string
	}{
		{"BadPortRefused", "/admin/channels/smtp", url.Values{"host": {"smtp.example.gov.cn"}, "port": {"99999"}, "from": {"a@example.gov.cn"}, "enabled": {"1"}}, "端口须为"},
		{"BadFromRefused", "/admin/channels/smtp", url.Values{"host": {"smtp.example.gov.cn"}, "port": {"25"}, "from": {"a@"}, "enabled": {"1"}}, "有效的电子邮件地址"},
		{"HTTPURLRefused", "/admin/channels/robots/create", url.Values{"kind": {"dingtalk"}, "name": {"群"}, "url": {"http://oapi.dingtalk.com/robot/send?access_token=t"}}, "https 开头"},
		{"MegabyteNameRefused", "/admin/channels/robots/create", url.Values{"kind": {"dingtalk"}, "name": {big}, "url": {"https://oapi.dingtalk.com/x"}}, "不超过 64 个字"},
		{"MegabyteHostRefused", "/admin/channels/smtp", url.Values{"host": {big}, "port": {"25"}}, "有效的服务器域名"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post(tc.path, tc.form)
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `class="field-error">`) || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("POST %s = %d, want 422 with %q beside the field", tc.path, r.Code, tc.want)
			}
			if len(r.Body) > 200<<10 {
				t.Fatalf("the page echoes the huge input back (%d bytes)", len(r.Body))
			}
			if n := countRows(t, env, `SELECT COUNT(*) FROM notify_robots`) + countRows(t, env, `SELECT COUNT(*) FROM notify_smtp`); n != 0 {
				t.Fatalf("refused input saved %d rows", n)
			}
		})
	}

	hook := srv.URL + "/open-apis/bot/v2/hook/abc-key"
	if r := c.Post("/admin/channels/robots/create", url.Values{"kind": {"feishu"}, "name": {"领导群"}, "url": {hook},
		"secret": {"fs-secret-42"}, "enabled": {"1"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("create robot = %d\n%s", r.Code, r.Body)
	}
	var id string
	if err := env.App.DB.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM notify_robots WHERE name = '领导群'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	page := c.Get("/admin/channels")
	if !strings.Contains(page.Body, "已设置") || strings.Contains(page.Body, "abc-key") || strings.Contains(page.Body, "fs-secret-42") {
		t.Fatal("the page shows a secret back, or not that one is set")
	}
	if r := c.Get("/admin/channels/robots/" + id); r.Code != http.StatusOK || strings.Contains(r.Body, "abc-key") {
		t.Fatalf("edit page = %d, or shows the URL", r.Code)
	}

	t.Run("TestMessageReachesTheRobotSigned", func(t *testing.T) {
		if r := c.Post("/admin/channels/robots/"+id+"/test", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("test = %d", r.Code)
		}
		if sent, _, err := env.App.Notify.Drain(context.Background()); err != nil || sent != 1 || rr.count() != 1 {
			t.Fatalf("drain sent %d (%v); robot got %d", sent, err, rr.count())
		}
	})
	t.Run("DisabledRobotGetsNothing", func(t *testing.T) {
		if r := c.Post("/admin/channels/robots/"+id+"/update", url.Values{"kind": {"feishu"}, "name": {"领导群"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("disable = %d", r.Code)
		}
		before := countRows(t, env, `SELECT COUNT(*) FROM notify_outbox`)
		if r := c.Post("/admin/channels/robots/"+id+"/test", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("test on a disabled robot = %d", r.Code)
		}
		if after := countRows(t, env, `SELECT COUNT(*) FROM notify_outbox`); after != before {
			t.Fatalf("a disabled robot's test was queued")
		}
		if _, _, err := env.App.Notify.Drain(context.Background()); err != nil || rr.count() != 1 {
			t.Fatalf("robot got %d after disabling (%v)", rr.count(), err)
		}
	})
	t.Run("MissingRobotIsNotFound", func(t *testing.T) {
		for _, p := range []string{"/admin/channels/robots/99999", "/admin/channels/robots/abc"} {
			if r := c.Get(p); r.Code != http.StatusNotFound {
				t.Fatalf("GET %s = %d", p, r.Code)
			}
		}
	})
	t.Run("AuditHasNoSecret", func(t *testing.T) {
		if n := countRows(t, env, `SELECT COUNT(*) FROM audit_log WHERE entity = 'notify_robot' AND (after_value LIKE '%abc-key%' OR after_value LIKE '%fs-secret%')`); n != 0 {
			t.Fatal("the audit log holds a robot secret")
		}
		if n := countRows(t, env, `SELECT COUNT(*) FROM audit_log WHERE entity = 'notify_robot'`); n < 3 {
			t.Fatalf("audit has %d robot entries, want create, test and update", n)
		}
	})
}
