package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestPublishCampaign(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		ctx := context.Background()
		var campaign int64
		var name string
		if err := env.App.DB.QueryRow(ctx, `SELECT id, name FROM campaigns ORDER BY id LIMIT 1`).Scan(&campaign, &name); err != nil {
			t.Fatal(err)
		}
		var shown, hidden string
		var shownID int64
		if err := env.App.DB.QueryRow(ctx, `SELECT id, title FROM tasks WHERE campaign_id = ? AND state NOT IN ('draft', 'cancelled')
			ORDER BY id LIMIT 1`, campaign).Scan(&shownID, &shown); err != nil {
			t.Fatal(err)
		}
		if err := env.App.DB.QueryRow(ctx, `SELECT title FROM tasks WHERE campaign_id = ? AND id <> ? AND state NOT IN ('draft', 'cancelled')
			ORDER BY id DESC LIMIT 1`, campaign, shownID).Scan(&hidden); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(campaign, 10)
		public := env.Client("198.51.100.20")
		t.Run("UnpublishedIs404", func(t *testing.T) {
			if r := public.Get("/public/campaigns/" + id); r.Code != http.StatusNotFound {
				t.Fatalf("unpublished campaign: %d", r.Code)
			}
			if r := public.Get("/public/campaigns/abc"); r.Code != http.StatusNotFound {
				t.Fatalf("malformed id: %d", r.Code)
			}
		})
		t.Run("OnlyOfficeMayPublish", func(t *testing.T) {
			u := env.Client("198.51.100.21")
			u.MustLogin("jiaoyu")
			if r := u.Post("/portal/publish/"+id+"/save", url.Values{"published": {"1"}}); r.Code != http.StatusForbidden {
				t.Fatalf("unit user publishing: %d", r.Code)
			}
			if r := public.Post("/portal/publish/"+id+"/save", url.Values{"published": {"1"}}); r.Code == http.StatusSeeOther && !strings.Contains(r.Location(), "login") {
				t.Fatalf("anonymous publishing: %d %s", r.Code, r.Location())
			}
		})
		office := env.Client("198.51.100.22")
		office.MustLogin("ducha")
		if r := office.Get("/portal/publish/" + id); r.Code != http.StatusOK || !strings.Contains(r.Body, shown) {
			t.Fatalf("publish form: %d", r.Code)
		}
		r := office.Post("/portal/publish/"+id+"/save", url.Values{"published": {"1"}, "scope": {"selected"},
			"task": {strconv.FormatInt(shownID, 10), "999999"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", r.Code, r.Body)
		}
		t.Run("SelectedTasksOnly", func(t *testing.T) {
			p := public.Get("/public/campaigns/" + id)
			if p.Code != http.StatusOK || !strings.Contains(p.Body, shown) || strings.Contains(p.Body, hidden) {
				t.Fatalf("public page: %d, shows %q: %v, hides %q: %v", p.Code, shown, strings.Contains(p.Body, shown),
					hidden, !strings.Contains(p.Body, hidden))
			}
			if !strings.Contains(p.Body, "公开任务 1 项") {
				t.Fatalf("summary does not count one task:\n%s", p.Body)
			}
			if h := public.Get("/public"); !strings.Contains(h.Body, name) {
				t.Fatal("portal home does not list the published campaign")
			}
		})
		t.Run("AllTasks", func(t *testing.T) {
			office.Post("/portal/publish/"+id+"/save", url.Values{"published": {"1"}, "scope": {"all"}})
			if p := public.Get("/public/campaigns/" + id); !strings.Contains(p.Body, hidden) {
				t.Fatal("all-tasks publication hides a task")
			}
		})
		t.Run("Withdrawn", func(t *testing.T) {
			office.Post("/portal/publish/"+id+"/save", url.Values{})
			if p := public.Get("/public/campaigns/" + id); p.Code != http.StatusNotFound {
				t.Fatalf("withdrawn campaign: %d", p.Code)
			}
		})
		var n int
		env.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'portal_campaign'`).Scan(&n)
		if n != 3 {
			t.Fatalf("audit entries for publishing: %d, want 3", n)
		}
	})
}

func TestTypicalCases(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("198.51.100.30")
	r := c.Post("/public/appeal/submit", appealForm(t, c).Values)
	code := codeOf(t, r.Location())
	office := env.Client("198.51.100.31")
	office.MustLogin("ducha")
	var id string
	env.App.DB.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM appeals WHERE code = ?`, code).Scan(&id)
	t.Run("OpenAppealRefused", func(t *testing.T) {
		if r := office.Post("/portal/cases/"+id+"/save", url.Values{"case_text": {"x"}}); r.Code != http.StatusConflict {
			t.Fatalf("publishing an open appeal: %d", r.Code)
		}
	})
	env.Exec(`UPDATE appeals SET state = 'closed', closed_at = received_at WHERE code = ?`, code)
	t.Run("ControlCharactersRefused", func(t *testing.T) {
		if r := office.Post("/portal/cases/"+id+"/save", url.Values{"case_text": {"a\x00b"}}); r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("control character: %d", r.Code)
		}
	})
	t.Run("PublishedEscapedWithoutPersonalData", func(t *testing.T) {
		if r := office.Post("/portal/cases/"+id+"/save", url.Values{"case_text": {"<b>路灯</b>已修复 <script>x()</script>"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("publish case: %d %s", r.Code, r.Body)
		}
		p := c.Get("/public/cases")
		if !strings.Contains(p.Body, "&lt;b&gt;路灯&lt;/b&gt;已修复") || strings.Contains(p.Body, "<script>x()") {
			t.Fatalf("case text not escaped:\n%s", p.Body)
		}
		for _, secret := range []string{"13912345678", "张三", "村口的路灯坏了", "<img"} {
			if strings.Contains(p.Body, secret) {
				t.Fatalf("cases page shows %q", secret)
			}
		}
	})
	t.Run("Withdrawn", func(t *testing.T) {
		office.Post("/portal/cases/"+id+"/save", url.Values{"case_text": {""}})
		if p := c.Get("/public/cases"); strings.Contains(p.Body, "路灯") {
			t.Fatal("withdrawn case still shown")
		}
	})
}

func TestHomeListsOpenSurveys(t *testing.T) {
	env := authtest.New(t)
	var title, slug string
	err := env.App.DB.QueryRow(context.Background(), `SELECT title, slug FROM surveys WHERE state = 'published' ORDER BY id LIMIT 1`).Scan(&title, &slug)
	if err != nil {
		t.Fatalf("the demo has no published survey: %v", err)
	}
	p := env.Client("198.51.100.90").Get("/public")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, `href="/s/`+slug+`"`) || !strings.Contains(p.Body, title) {
		t.Fatalf("portal home does not link the open survey %q (/s/%s)", title, slug)
	}
}
