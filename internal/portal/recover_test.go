package portal_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"tongchou/internal/abuse"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/notify"
	"tongchou/internal/store"
)

// gateway is an httptest SMS gateway recording what it was asked to send.
type gateway struct {
	mu   sync.Mutex
	sent []map[string]string
	auth []string
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m map[string]string
	json.NewDecoder(r.Body).Decode(&m)
	g.mu.Lock()
	g.sent = append(g.sent, m)
	g.auth = append(g.auth, r.Header.Get("Authorization"))
	g.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func recoverForm(t *testing.T, c *authtest.Client, phone string) url.Values {
	t.Helper()
	r := c.Get("/public/recover")
	v := url.Values{"phone": {phone}}
	if m := reToken.FindStringSubmatch(r.Body); m != nil {
		tok := html.UnescapeString(m[1])
		v.Set("pow_token", tok)
		v.Set("pow_solution", abuse.Solve(tok, 16))
	}
	return v
}

func TestRecoverCode(t *testing.T) {
	env := authtest.New(t)
	citizen := env.Client("198.51.100.50")
	code := codeOf(t, citizen.Post("/public/appeal/submit", appealForm(t, citizen).Values).Location()) // phone 13912345678
	t.Run("NoGatewaySaysCallOffice", func(t *testing.T) {
		r := citizen.Get("/public/recover")
		if !strings.Contains(r.Body, `id="recover-call"`) || strings.Contains(r.Body, `name="phone"`) {
			t.Fatalf("without a gateway the page must say to call:\n%s", r.Body)
		}
	})
	g := &gateway{}
	srv := httptest.NewServer(g)
	defer srv.Close()
	admin := env.Client("198.51.100.51")
	admin.MustLogin("admin")
	t.Run("AdminRefusesBadGateway", func(t *testing.T) {
		for _, u := range []string{"ftp://x", "javascript:alert(1)", "not a url"} {
			if r := admin.Post("/admin/portal/sms", url.Values{"sms_url": {u}}); r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("gateway %q: %d", u, r.Code)
			}
		}
	})
	if r := admin.Post("/admin/portal/sms", url.Values{"sms_url": {srv.URL}, "sms_token": {"s3cret"}, "office_phone": {"0591-12345"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("save gateway: %d %s", r.Code, r.Body)
	}
	t.Run("TokenNeverShownBack", func(t *testing.T) {
		if r := admin.Get("/admin/portal"); strings.Contains(r.Body, "s3cret") {
			t.Fatal("admin page shows the gateway token")
		}
	})
	t.Run("SentToTheNumber", func(t *testing.T) {
		c := env.Client("198.51.100.52")
		r := c.Post("/public/recover/send", recoverForm(t, c, "139 1234 5678"))
		if r.Code != http.StatusOK || !strings.Contains(r.Body, `id="recover-sent"`) {
			t.Fatalf("recover: %d %s", r.Code, r.Body)
		}
		if len(g.sent) != 1 || g.sent[0]["phone"] != "13912345678" || !strings.Contains(g.sent[0]["message"], code) {
			t.Fatalf("gateway got %v, want the code %s for 13912345678", g.sent, code)
		}
		if g.auth[0] != "Bearer s3cret" {
			t.Fatalf("gateway auth %q", g.auth[0])
		}
	})
	t.Run("UnknownNumberSamePageNoSMS", func(t *testing.T) {
		c := env.Client("198.51.100.53")
		r := c.Post("/public/recover/send", recoverForm(t, c, "13700000000"))
		if r.Code != http.StatusOK || !strings.Contains(r.Body, `id="recover-sent"`) || len(g.sent) != 1 {
			t.Fatalf("unknown number: %d, messages %d", r.Code, len(g.sent))
		}
	})
	t.Run("BadNumberRefused", func(t *testing.T) {
		c := env.Client("198.51.100.54")
		if r := c.Post("/public/recover/send", recoverForm(t, c, "<script>")); r.Code != http.StatusUnprocessableEntity || strings.Contains(r.Body, "<script>") {
			t.Fatalf("bad number: %d", r.Code)
		}
	})
	t.Run("ChallengeRequired", func(t *testing.T) {
		c := env.Client("198.51.100.55")
		v := recoverForm(t, c, "13912345678")
		v.Del("pow_solution")
		if r := c.Post("/public/recover/send", v); r.Code != http.StatusUnprocessableEntity || len(g.sent) != 1 {
			t.Fatalf("no challenge: %d, messages %d", r.Code, len(g.sent))
		}
	})
	t.Run("OneNumberNotFlooded", func(t *testing.T) {
		for i := range 4 {
			c := env.Client("198.51.100." + itoa(60+i))
			c.Post("/public/recover/send", recoverForm(t, c, "13912345678"))
		}
		if len(g.sent) != 2 {
			t.Fatalf("messages to one number: %d, want 2 (burst of two per hour)", len(g.sent))
		}
	})
	t.Run("OutboxSMSThroughTheGateway", func(t *testing.T) {
		sealed, err := env.App.Suite.Seal([]byte("13912345678"))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		err = env.App.DB.InTx(ctx, func(tx *store.Tx) error {
			_, err := notify.Enqueue(ctx, tx, env.Clock.Now(), notify.Delivery{Channel: notify.ChannelSMS, Target: sealed,
				Subject: "诉求办理期限延长", Body: "办理期限已延长至2026年6月30日", Key: "appeal-ext:test"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		before := len(g.sent)
		if sent, _, err := env.App.Notify.Drain(ctx); err != nil || sent < 1 {
			t.Fatalf("drain: sent %d, %v", sent, err)
		}
		if len(g.sent) != before+1 || g.sent[before]["phone"] != "13912345678" || g.sent[before]["message"] != "办理期限已延长至2026年6月30日" {
			t.Fatalf("gateway got %v, want the queued message to the opened number", g.sent[before:])
		}
	})
}
