package survey_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// build creates, through the office's pages, a survey with a village
// question, the main concern and a follow-up shown only for 就业, publishes
// it and returns its id and public path.
func build(t *testing.T, env *authtest.Env, office *authtest.Client) (string, string) {
	t.Helper()
	r := office.Post("/surveys/create", url.Values{"title": {"测试问卷"}, "anonymous": {"1"}, "ip_limit": {"20"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Code, r.Body)
	}
	base := r.Location()
	for _, q := range []url.Values{
		{"type": {"village"}, "title": {"所在村"}, "required": {"1"}},
		{"type": {"single"}, "title": {"最关心"}, "required": {"1"}, "options": {"就业\n住房\n教育\n医疗"}},
		{"type": {"short"}, "title": {"需要什么岗位"}, "required": {"1"}, "show_if": {"q2:1"}},
		{"type": {"long"}, "title": {"建议"}},
	} {
		if r := office.Post(base+"/questions", q); r.Code != http.StatusSeeOther {
			t.Fatalf("add %s: %d %s", q.Get("title"), r.Code, r.Body)
		}
	}
	if r := office.Post(base+"/publish", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Code)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(base, "/surveys/"), 10, 64)
	var slug string
	if err := env.App.DB.QueryRow(context.Background(), `SELECT slug FROM surveys WHERE id = ?`, id).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	return base, "/s/" + slug
}

// village is one demo village's id.
func village(t *testing.T, env *authtest.Env) string {
	t.Helper()
	var id int64
	if err := env.App.DB.QueryRow(context.Background(), `SELECT id FROM regions WHERE name = '石门村'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func TestPages(t *testing.T) {
	env := authtest.New(t)
	office := env.Client("10.9.0.1")
	office.MustLogin("ducha")
	base, public := build(t, env, office)
	v := village(t, env)

	t.Run("OnlyOfficeBuilds", func(t *testing.T) {
		liaison := env.Client("10.9.0.2")
		liaison.MustLogin("jiaoyu")
		for _, p := range []string{"/surveys", base, base + "/results", base + "/responses.csv"} {
			if r := liaison.Get(p); r.Code != http.StatusForbidden {
				t.Errorf("liaison GET %s = %d", p, r.Code)
			}
		}
		if r := env.Client("10.9.0.3").Get(base); r.Code == http.StatusOK {
			t.Errorf("anonymous GET %s = 200", base)
		}
	})
	t.Run("ShowHasLinkAndQR", func(t *testing.T) {
		r := office.Get(base)
		if r.Code != http.StatusOK || !strings.Contains(r.Body, public) || !strings.Contains(r.Body, base+"/qr.png") {
			t.Fatalf("show page %d lacks link or QR", r.Code)
		}
		q := office.Get(base + "/qr.png")
		if q.Code != http.StatusOK || q.Header().Get("Content-Type") != "image/png" || !strings.HasPrefix(q.Body, "\x89PNG") {
			t.Fatalf("qr.png: %d %s", q.Code, q.Header().Get("Content-Type"))
		}
	})
	t.Run("BadBuilderInputRefused", func(t *testing.T) {
		for name, f := range map[string]url.Values{
			"HugeTitle":   {"title": {strings.Repeat("标", 1<<20)}},
			"BadDate":     {"title": {"x"}, "close_on": {"2026-02-30"}},
			"BadCampaign": {"title": {"x"}, "campaign": {"abc"}},
		} {
			r := office.Post("/surveys/create", f)
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "field-error") {
				t.Errorf("%s: %d", name, r.Code)
			}
		}
		r := office.Post(base+"/questions", url.Values{"type": {"short"}, "title": {"x"}})
		if r.Code != http.StatusConflict {
			t.Errorf("question on a published survey: %d", r.Code)
		}
	})

	citizen := env.Client("10.9.1.1")
	t.Run("PublicFormWithoutLogin", func(t *testing.T) {
		r := citizen.Get(public)
		if r.Code != http.StatusOK || citizen.Cookies["tc_survey"] == nil {
			t.Fatalf("form: %d, cookie %v", r.Code, citizen.Cookies["tc_survey"])
		}
		if !strings.Contains(r.Body, `data-show-field="q_q2" data-show-value="1"`) || !strings.Contains(r.Body, "/s/-/survey.js") {
			t.Fatal("form lacks the skip rule or its script")
		}
		if js := citizen.Get("/s/-/survey.js"); js.Code != http.StatusOK || !strings.Contains(js.Body, "data-show-field") {
			t.Fatalf("script: %d", js.Code)
		}
	})
	t.Run("BadAnswersRefused", func(t *testing.T) {
		for name, f := range map[string]url.Values{
			"Missing":         {},
			"FollowUpNeeded":  {"q_q1": {v}, "q_q2": {"1"}},
			"UnknownVillage":  {"q_q1": {"999999"}, "q_q2": {"2"}},
			"OneMegabyteText": {"q_q1": {v}, "q_q2": {"2"}, "q_q4": {strings.Repeat("a", 1<<20)}},
		} {
			r := citizen.Post(public, f)
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "field-error") {
				t.Errorf("%s: %d", name, r.Code)
			}
		}
	})
	t.Run("OversizedBodyRefused", func(t *testing.T) {
		r := citizen.Post(public, url.Values{"q_q4": {strings.Repeat("长", 2<<20)}})
		if r.Code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "提交的内容太多") {
			t.Fatalf("6 MB body: %d", r.Code)
		}
	})
	t.Run("FloodLimited", func(t *testing.T) {
		flood := env.Client("10.9.2.1")
		codes := map[int]int{}
		for range 25 {
			codes[flood.Post(public, url.Values{}).Code]++
		}
		if codes[http.StatusUnprocessableEntity] != 20 || codes[http.StatusTooManyRequests] != 5 {
			t.Fatalf("25 quick posts answered %v, want 20 form errors then 5 refusals", codes)
		}
	})
	t.Run("AnswerThenDuplicateRefused", func(t *testing.T) {
		f := url.Values{"q_q1": {v}, "q_q2": {"2"}, "q_q3": {"隐藏题的答案"}, "q_q4": {"<script>alert(1)</script>"}}
		r := citizen.Post(public, f)
		if r.Code != http.StatusSeeOther || r.Location() != public+"/thanks" {
			t.Fatalf("submit: %d %s", r.Code, r.Location())
		}
		if r := citizen.Post(public, f); r.Code != http.StatusConflict {
			t.Fatalf("second submit: %d", r.Code)
		}
		var hidden int
		env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM survey_answers WHERE question = 'q3' AND text <> ''`).Scan(&hidden)
		if hidden != 0 {
			t.Fatal("the hidden question's answer was stored")
		}
	})
	t.Run("ResultsEscapeText", func(t *testing.T) {
		r := office.Get(base + "/results")
		if r.Code != http.StatusOK || strings.Contains(r.Body, "<script>alert(1)") || !strings.Contains(r.Body, "&lt;script&gt;alert(1)") {
			t.Fatalf("results %d: text not escaped", r.Code)
		}
		if !strings.Contains(r.Body, `id="crosstab-table"`) {
			t.Fatal("no default cross-tab (最关心 by 所在村)")
		}
		c := office.Get(base + "/charts/q2")
		if c.Code != http.StatusOK || !strings.HasPrefix(c.Header().Get("Content-Type"), "image/svg+xml") {
			t.Fatalf("chart: %d", c.Code)
		}
		if c := office.Get(base + "/results?q=q4&by=q1"); c.Code != http.StatusNotFound {
			t.Fatalf("cross-tab of a text question: %d", c.Code)
		}
	})
	t.Run("Exports", func(t *testing.T) {
		c := office.Get(base + "/responses.csv")
		if c.Code != http.StatusOK || !strings.HasPrefix(c.Body, "\uFEFF") || !strings.Contains(c.Body, "石门村") {
			t.Fatalf("csv: %d %q", c.Code, c.Body)
		}
		x := office.Get(base + "/responses.xlsx")
		if x.Code != http.StatusOK || !strings.HasPrefix(x.Body, "PK") {
			t.Fatalf("xlsx: %d", x.Code)
		}
	})
	t.Run("ClosedSurveyRefuses", func(t *testing.T) {
		if r := office.Post(base+"/close", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("close: %d", r.Code)
		}
		late := env.Client("10.9.1.2")
		if r := late.Get(public); r.Code != http.StatusGone || !strings.Contains(r.Body, "已结束") {
			t.Fatalf("closed form: %d", r.Code)
		}
		if r := late.Post(public, url.Values{"q_q1": {v}, "q_q2": {"2"}}); r.Code != http.StatusGone {
			t.Fatalf("closed submit: %d", r.Code)
		}
	})
	t.Run("DraftBuilderPages", func(t *testing.T) {
		r := office.Post("/surveys/create", url.Values{"title": {"草稿"}})
		draft := r.Location()
		office.Post(draft+"/questions", url.Values{"type": {"single"}, "title": {"甲"}, "options": {"是\n否"}})
		office.Post(draft+"/questions", url.Values{"type": {"matrix"}, "title": {"乙"}, "rows": {"学校\n医院"}, "scale": {"10"}, "show_if": {"q1:2"}})
		office.Post(draft+"/questions", url.Values{"type": {"number"}, "title": {"丙"}, "min": {"0"}, "max": {"9"}})
		for _, p := range []string{"/surveys/new", draft, draft + "/edit", draft + "/questions/new", draft + "/questions/q1", draft + "/questions/q2", draft + "/questions/q3"} {
			if g := office.Get(p); g.Code != http.StatusOK {
				t.Errorf("GET %s = %d", p, g.Code)
			}
		}
		if g := office.Get(draft); !strings.Contains(g.Body, "仅当第 1 题选“否”时显示") {
			t.Error("the show page does not state the skip rule")
		}
		if m := office.Post(draft+"/questions/q2/move", url.Values{"dir": {"up"}}); m.Code != http.StatusUnprocessableEntity {
			t.Errorf("moving q2 above its rule's question = %d", m.Code)
		}
		if m := office.Post(draft+"/questions/q3/move", url.Values{"dir": {"up"}}); m.Code != http.StatusSeeOther {
			t.Errorf("moving q3 up = %d", m.Code)
		}
		for name, f := range map[string]url.Values{
			"ForwardRule": {"type": {"short"}, "title": {"x"}, "show_if": {"q9:1"}},
			"BadMin":      {"type": {"number"}, "title": {"x"}, "min": {"abc"}},
			"OneOption":   {"type": {"single"}, "title": {"x"}, "options": {"就一个"}},
			"BadType":     {"type": {"<script>"}, "title": {"x"}},
		} {
			if q := office.Post(draft+"/questions", f); q.Code != http.StatusUnprocessableEntity || !strings.Contains(q.Body, "field-error") {
				t.Errorf("%s: %d", name, q.Code)
			}
		}
		if d := office.Post(draft+"/questions/q1/delete", nil); d.Code != http.StatusSeeOther {
			t.Errorf("delete = %d", d.Code)
		}
		var slug string
		env.App.DB.QueryRow(context.Background(), `SELECT slug FROM surveys WHERE id = ?`, strings.TrimPrefix(draft, "/surveys/")).Scan(&slug)
		if g := env.Client("10.9.1.3").Get("/s/" + slug); g.Code != http.StatusNotFound {
			t.Fatalf("draft public form: %d", g.Code)
		}
	})
	t.Run("DemoSurveyHas200Responses", func(t *testing.T) {
		r := office.Get("/surveys")
		if !strings.Contains(r.Body, "群众最关心的民生问题调查") || !strings.Contains(r.Body, "<td>200</td>") {
			t.Fatalf("list lacks the demo survey with 200 responses")
		}
	})
}
