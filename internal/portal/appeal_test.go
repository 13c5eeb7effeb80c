package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestAppealSubmitAndTrack(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("198.51.100.10")
		before := countAppeals(t, env)
		f := appealForm(t, c)
		r := c.Post("/public/appeal/submit", f.Values)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", r.Code, r.Body)
		}
		code := codeOf(t, r.Location())
		t.Run("DoubleSubmitSameKeyOneAppeal", func(t *testing.T) {
			r2 := c.Post("/public/appeal/submit", f.Values)
			if r2.Code != http.StatusSeeOther || codeOf(t, r2.Location()) != code {
				t.Fatalf("second submit: %d %q, want the same code %s", r2.Code, r2.Location(), code)
			}
			if n := countAppeals(t, env); n != before+1 {
				t.Fatalf("appeals: %d, want %d", n, before+1)
			}
		})
		t.Run("SentPageShowsCode", func(t *testing.T) {
			p := c.Get("/public/appeal/sent/" + code)
			if p.Code != http.StatusOK || !strings.Contains(p.Body, code) {
				t.Fatalf("sent page: %d", p.Code)
			}
		})
		t.Run("TrackerShowsNoPersonalData", func(t *testing.T) {
			p := c.Get("/public/track/" + strings.ToLower(code))
			if p.Code != http.StatusOK || !strings.Contains(p.Body, `data-state="received"`) {
				t.Fatalf("tracker: %d %s", p.Code, p.Body)
			}
			for _, secret := range []string{"13912345678", "139****5678", "张三", "张*", "路灯坏了"} {
				if strings.Contains(p.Body, secret) {
					t.Fatalf("tracker shows %q", secret)
				}
			}
		})
		t.Run("TrackFormRedirectsToCode", func(t *testing.T) {
			p := c.Get("/public/track?code=" + url.QueryEscape(strings.ToLower(code[:5])+"-"+code[5:]))
			if p.Code != http.StatusSeeOther || p.Location() != "/public/track/"+code {
				t.Fatalf("track form: %d %q", p.Code, p.Location())
			}
		})
		t.Run("UnknownCodeIs404", func(t *testing.T) {
			if p := c.Get("/public/track/0000000000"); p.Code != http.StatusNotFound {
				t.Fatalf("unknown code: %d", p.Code)
			}
		})
		t.Run("RateWhenAwaitingRating", func(t *testing.T) {
			if p := c.Post("/public/track/"+code+"/rate", url.Values{"rating": {"satisfied"}}); p.Code != http.StatusSeeOther {
				t.Fatalf("rate before the answer: %d", p.Code)
			}
			env.Exec(`UPDATE appeals SET state = 'rating', answer_text = '已修复路灯。' WHERE code = ?`, code)
			p := c.Get("/public/track/" + code)
			if !strings.Contains(p.Body, `id="rate-form"`) || !strings.Contains(p.Body, "已修复路灯。") {
				t.Fatalf("no rating form or answer on the tracker:\n%s", p.Body)
			}
			if p := c.Post("/public/track/"+code+"/rate", url.Values{"rating": {"unsatisfied"}}); p.Code != http.StatusUnprocessableEntity {
				t.Fatalf("不满意 without a reason: %d, want 422", p.Code)
			}
			if p := c.Post("/public/track/"+code+"/rate", url.Values{"rating": {"satisfied"}}); p.Code != http.StatusSeeOther {
				t.Fatalf("rate: %d %s", p.Code, p.Body)
			}
			if p := c.Get("/public/track/" + code); !strings.Contains(p.Body, `data-state="closed"`) {
				t.Fatalf("not closed after 满意:\n%s", p.Body)
			}
		})
	})
}

func TestAppealBadInput(t *testing.T) {
	env := authtest.New(t)
	huge := strings.Repeat("长", 1<<20/3)
	for _, tc := range []struct {
		name   string
		change func(url.Values)
		status int
		want   string
	}{
		{"HugeText", func(v url.Values) { v.Set("description", huge) }, http.StatusUnprocessableEntity, ""},
		{"EmptyText", func(v url.Values) { v.Set("description", "  ") }, http.StatusUnprocessableEntity, ""},
		{"NoVillage", func(v url.Values) { v.Del("region") }, http.StatusUnprocessableEntity, ""},
		{"UnknownCategory", func(v url.Values) { v.Set("category", "999999") }, http.StatusUnprocessableEntity, ""},
		{"BadPhone", func(v url.Values) { v.Set("phone", "<script>") }, http.StatusUnprocessableEntity, ""},
		{"ChallengeMissing", func(v url.Values) { v.Del("pow_solution") }, http.StatusUnprocessableEntity, "请回答防止恶意提交的问题"},
		{"ChallengeWrong", func(v url.Values) { v.Del("pow_solution"); v.Set("pow_answer", "99") }, http.StatusUnprocessableEntity, "答案不对"},
		{"ChallengeForged", func(v url.Values) { v.Set("pow_token", "x.y") }, http.StatusUnprocessableEntity, "验证已过期"},
		{"NoIdempotencyKey", func(v url.Values) { v.Del("key") }, http.StatusUnprocessableEntity, "表单已过期"},
		{"ScriptInAddressStaysText", func(v url.Values) { v.Set("address", "<script>alert(1)</script>"); v.Set("description", "") },
			http.StatusUnprocessableEntity, "&lt;script&gt;alert(1)&lt;/script&gt;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("203.0.113." + itoa(len(tc.name))) // a fresh address: no rate limit in the way
			before := countAppeals(t, env)
			f := appealForm(t, c)
			tc.change(f.Values)
			r := c.Post("/public/appeal/submit", f.Values)
			if r.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.Code, tc.status, r.Body)
			}
			if tc.want != "" && !strings.Contains(r.Body, tc.want) {
				t.Fatalf("page lacks %q", tc.want)
			}
			if strings.Contains(r.Body, "<script>alert(1)") {
				t.Fatal("user text rendered as HTML")
			}
			if n := countAppeals(t, env); n != before {
				t.Fatalf("appeals: %d, want %d (nothing stored)", n, before)
			}
		})
	}
}

func TestAppealFlood(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("192.0.2.77")
	statuses := []int{}
	for range 7 {
		f := appealForm(t, c)
		statuses = append(statuses, c.Post("/public/appeal/submit", f.Values).Code)
	}
	for i, s := range statuses {
		want := http.StatusSeeOther
		if i >= 5 {
			want = http.StatusTooManyRequests
		}
		if s != want {
			t.Fatalf("submission %d: %d, want %d (all: %v)", i+1, s, want, statuses)
		}
	}
	f := appealForm(t, c)
	r := c.Post("/public/appeal/submit", f.Values)
	if !strings.Contains(r.Body, "操作太频繁") || r.Header().Get("Retry-After") == "" {
		t.Fatalf("429 page lacks the Chinese message or Retry-After:\n%s", r.Body)
	}
	t.Run("OtherAddressUnaffected", func(t *testing.T) {
		o := env.Client("192.0.2.78")
		if r := o.Post("/public/appeal/submit", appealForm(t, o).Values); r.Code != http.StatusSeeOther {
			t.Fatalf("another client: %d", r.Code)
		}
	})
}

func TestAllowListSkipsLimitAndChallenge(t *testing.T) {
	env := newAllowEnv(t, "192.0.2.1")
	c := env.Client("192.0.2.1")
	p := c.Get("/public/appeal")
	if strings.Contains(p.Body, "pow_token") {
		t.Fatal("allow-listed client is shown a challenge")
	}
	for i := range 8 {
		f := appealForm(t, c)
		f.Del("pow_solution")
		if r := c.Post("/public/appeal/submit", f.Values); r.Code != http.StatusSeeOther {
			t.Fatalf("allow-listed submission %d: %d %s", i+1, r.Code, r.Body)
		}
	}
	t.Run("OthersStillChallenged", func(t *testing.T) {
		o := env.Client("192.0.2.2")
		f := appealForm(t, o)
		f.Del("pow_solution")
		if r := o.Post("/public/appeal/submit", f.Values); r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("other client without challenge: %d", r.Code)
		}
	})
}
