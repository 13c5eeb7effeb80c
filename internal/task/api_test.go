package task_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
)

var apiSecretRe = regexp.MustCompile(`tc_[a-z2-7]{32}`)

// apiUser is a demo account calling the API with a personal token created
// on its account page, as a client system would.
type apiUser struct {
	t     *testing.T
	env   *authtest.Env
	token string
}

func newAPIUser(t *testing.T, env *authtest.Env, username, ip string) apiUser {
	t.Helper()
	c := env.Client(ip)
	c.MustLogin(username)
	r := c.Post("/account/tokens", url.Values{"name": {"api test"}, "days": {"30"}})
	secret := apiSecretRe.FindString(r.Body)
	if r.Code != http.StatusOK || secret == "" {
		t.Fatalf("create token for %s: status %d", username, r.Code)
	}
	return apiUser{t: t, env: env, token: secret}
}

// call sends body (raw JSON, none when empty) and decodes the answer into
// out when out is not nil; it returns the status and the raw answer.
func (u apiUser) call(method, path, body string, out any) (int, string) {
	u.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = "10.9.0.1:40000"
	req.Header.Set("Authorization", "Bearer "+u.token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	u.env.App.Handler.ServeHTTP(rec, req)
	if out != nil && rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			u.t.Fatalf("%s %s: decode %q: %v", method, path, rec.Body.String(), err)
		}
	}
	return rec.Code, rec.Body.String()
}

// jsonBody marshals v for a request.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type apiTaskOut struct {
	ID       int64  `json:"id"`
	State    string `json:"state"`
	Version  int    `json:"version"`
	Light    string `json:"light"`
	LeadUnit struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"lead_unit"`
	Milestones []struct{ Title, Date string }   `json:"milestones"`
	Timeline   []struct{ Action, Actor string } `json:"timeline"`
	Actions    []string                         `json:"actions"`
}

type apiErrOut struct {
	Error   string            `json:"error"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

func decodeErr(t *testing.T, body string) apiErrOut {
	t.Helper()
	var e apiErrOut
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" || e.Message == "" {
		t.Fatalf("error answer %q is not the JSON error shape", body)
	}
	return e
}

// apiIDs reads the demo campaign and the units the tests use.
func apiIDs(t *testing.T, env *authtest.Env) (campaign, edu, qingshi int64) {
	t.Helper()
	ctx := context.Background()
	db := env.App.DB
	if err := db.QueryRow(ctx, `SELECT MIN(id) FROM campaigns`).Scan(&campaign); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT id FROM units WHERE name = '教育局'`).Scan(&edu); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT id FROM units WHERE name = '青石镇人民政府'`).Scan(&qingshi); err != nil {
		t.Fatal(err)
	}
	return campaign, edu, qingshi
}

// today is the test clock's date in Shanghai.
func today(env *authtest.Env, days int) string {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return env.Clock.Now().In(loc).AddDate(0, 0, days).Format("2006-01-02")
}

// TestAPITaskFlow walks the loop through the API on both engines: the office
// creates and assigns a task to 教育局, jiaoyu signs for it and reports, the
// office accepts; every refusal on the way answers its status and changes
// nothing.
func TestAPITaskFlow(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		campaign, edu, _ := apiIDs(t, env)
		ducha := newAPIUser(t, env, "ducha", "10.9.1.1")
		jiaoyu := newAPIUser(t, env, "jiaoyu", "10.9.1.2")
		qingshi := newAPIUser(t, env, "qingshi", "10.9.1.3")
		create := "/api/v1/campaigns/" + itoa(campaign) + "/tasks"
		good := map[string]any{"title": "API 创建的学校布局任务", "lead_unit_id": edu, "start": today(env, 0),
			"deadline": today(env, 60), "report_cycle": "weekly", "milestones": []map[string]string{{"title": "摸底", "date": today(env, 20)}}}

		var tk apiTaskOut
		if code, body := ducha.call(http.MethodPost, create, jsonBody(t, good), &tk); code != http.StatusCreated || tk.ID == 0 ||
			tk.State != "draft" || tk.LeadUnit.Name != "教育局" || len(tk.Milestones) != 1 {
			t.Fatalf("office creates = %d %s", code, body)
		}
		path := "/api/v1/tasks/" + itoa(tk.ID)
		step := func(u apiUser, action string, version int, reason string) (int, string) {
			var out apiTaskOut
			code, body := u.call(http.MethodPost, path+"/transitions",
				jsonBody(t, map[string]any{"action": action, "version": version, "reason": reason}), &out)
			if code == http.StatusOK {
				tk = out
			}
			return code, body
		}
		if code, body := step(ducha, "assign", tk.Version, ""); code != http.StatusOK || tk.State != "assigned" {
			t.Fatalf("assign = %d %s", code, body)
		}
		stale := tk.Version - 1
		for _, tc := range []struct {
			name string
			do   func() (int, string)
			want int
		}{
			{"OtherUnitReadNotFound", func() (int, string) { return qingshi.call(http.MethodGet, path, "", nil) }, http.StatusNotFound},
			{"OtherUnitSignNotFound", func() (int, string) { return step(qingshi, "sign", tk.Version, "") }, http.StatusNotFound},
			{"OfficeSignForbidden", func() (int, string) { return step(ducha, "sign", tk.Version, "") }, http.StatusForbidden},
			{"StaleVersionConflict", func() (int, string) { return step(jiaoyu, "sign", stale, "") }, http.StatusConflict},
			{"WrongStateConflict", func() (int, string) { return step(jiaoyu, "start", tk.Version, "") }, http.StatusConflict},
			{"UnknownActionInvalid", func() (int, string) { return step(jiaoyu, "fly", tk.Version, "") }, http.StatusUnprocessableEntity},
			{"MissingVersionInvalid", func() (int, string) {
				return jiaoyu.call(http.MethodPost, path+"/transitions", `{"action":"sign"}`, nil)
			}, http.StatusUnprocessableEntity},
			{"MalformedJSONBadRequest", func() (int, string) {
				return jiaoyu.call(http.MethodPost, path+"/transitions", `{"action":"sign",`, nil)
			}, http.StatusBadRequest},
			{"SendBackWithoutReasonInvalid", func() (int, string) { return step(jiaoyu, "send_back", tk.Version, " ") }, http.StatusUnprocessableEntity},
		} {
			t.Run(tc.name, func(t *testing.T) {
				code, body := tc.do()
				if code != tc.want {
					t.Fatalf("= %d %s, want %d", code, body, tc.want)
				}
				decodeErr(t, body)
			})
		}
		if code, body := step(jiaoyu, "sign", tk.Version, ""); code != http.StatusOK || tk.State != "signed" {
			t.Fatalf("sign = %d %s", code, body)
		}

		var reps struct {
			CanSubmit bool     `json:"can_submit"`
			Open      []string `json:"open_due_dates"`
		}
		if code, body := jiaoyu.call(http.MethodGet, path+"/reports", "", &reps); code != http.StatusOK || !reps.CanSubmit || len(reps.Open) == 0 {
			t.Fatalf("reports = %d %s", code, body)
		}
		report := func(progress int) string {
			return jsonBody(t, map[string]any{"due_date": reps.Open[0], "work_done": "走访 12 所学校<script>", "progress": progress,
				"next_steps": "形成布局方案"})
		}
		code, body := jiaoyu.call(http.MethodPost, path+"/reports", report(101), nil)
		if e := decodeErr(t, body); code != http.StatusUnprocessableEntity || e.Fields["progress"] == "" {
			t.Fatalf("101 %% = %d %s, want 422 with progress", code, body)
		}
		if code, body := ducha.call(http.MethodPost, path+"/reports", report(40), nil); code != http.StatusForbidden {
			t.Fatalf("office submits = %d %s, want 403", code, body)
		}
		var rep struct {
			ID       int64  `json:"id"`
			Status   string `json:"status"`
			Version  int    `json:"version"`
			Progress int    `json:"progress"`
			WorkDone string `json:"work_done"`
		}
		if code, body := jiaoyu.call(http.MethodPost, path+"/reports", report(40), &rep); code != http.StatusCreated ||
			rep.Status != "submitted" || rep.Progress != 40 || rep.WorkDone != "走访 12 所学校<script>" {
			t.Fatalf("submit = %d %s", code, body)
		}
		accept := "/api/v1/reports/" + itoa(rep.ID) + "/accept"
		code, body = ducha.call(http.MethodPost, "/api/v1/reports/"+itoa(rep.ID)+"/return", jsonBody(t, map[string]any{"version": rep.Version}), nil)
		if e := decodeErr(t, body); code != http.StatusUnprocessableEntity || e.Fields["comment"] == "" {
			t.Fatalf("return without comment = %d %s, want 422 with comment", code, body)
		}
		if code, body := jiaoyu.call(http.MethodPost, accept, jsonBody(t, map[string]any{"version": rep.Version}), nil); code != http.StatusForbidden {
			t.Fatalf("liaison accepts = %d %s, want 403", code, body)
		}
		if code, body := ducha.call(http.MethodPost, accept, jsonBody(t, map[string]any{"version": rep.Version + 1}), nil); code != http.StatusConflict {
			t.Fatalf("stale accept = %d %s, want 409", code, body)
		}
		if code, body := ducha.call(http.MethodPost, accept, jsonBody(t, map[string]any{"version": rep.Version, "comment": "好"}), &rep); code != http.StatusOK ||
			rep.Status != "accepted" {
			t.Fatalf("accept = %d %s", code, body)
		}
		if code, body := ducha.call(http.MethodPost, accept, jsonBody(t, map[string]any{"version": rep.Version}), nil); code != http.StatusConflict {
			t.Fatalf("accepting twice = %d %s, want 409", code, body)
		}

		var final apiTaskOut
		if code, body := jiaoyu.call(http.MethodGet, path, "", &final); code != http.StatusOK || final.State != "signed" ||
			len(final.Timeline) != 3 || final.Timeline[2].Action != "sign" || final.Light == "" {
			t.Fatalf("task after the flow = %d %s", code, body)
		}
	})
}

// TestAPIRefusesBadRequests checks the refusals that need no workflow: a
// liaison creating, bad and malformed bodies, unknown fields, huge bodies,
// and bad list parameters. Nothing is created by any of them.
func TestAPIRefusesBadRequests(t *testing.T) {
	env := authtest.New(t)
	campaign, edu, _ := apiIDs(t, env)
	ducha := newAPIUser(t, env, "ducha", "10.9.2.1")
	jiaoyu := newAPIUser(t, env, "jiaoyu", "10.9.2.2")
	create := "/api/v1/campaigns/" + itoa(campaign) + "/tasks"
	valid := jsonBody(t, map[string]any{"title": "任务", "lead_unit_id": edu, "start": today(env, 0), "deadline": today(env, 30)})
	var before int
	env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM tasks`).Scan(&before)
	for _, tc := range []struct {
		name   string
		as     apiUser
		method string
		path   string
		body   string
		want   int
		field  string
	}{
		{"LiaisonCreateForbidden", jiaoyu, http.MethodPost, create, valid, http.StatusForbidden, ""},
		{"DeadlineBeforeStartInvalid", ducha, http.MethodPost, create, jsonBody(t, map[string]any{"title": "任务", "lead_unit_id": edu,
			"start": today(env, 10), "deadline": today(env, 0)}), http.StatusUnprocessableEntity, "deadline"},
		{"EmptyTitleInvalid", ducha, http.MethodPost, create, jsonBody(t, map[string]any{"title": " ", "lead_unit_id": edu,
			"start": today(env, 0), "deadline": today(env, 9)}), http.StatusUnprocessableEntity, "title"},
		{"UnknownLeadUnitInvalid", ducha, http.MethodPost, create, jsonBody(t, map[string]any{"title": "任务", "lead_unit_id": 999999,
			"start": today(env, 0), "deadline": today(env, 9)}), http.StatusUnprocessableEntity, "lead_unit_id"},
		{"HugeTitleInvalid", ducha, http.MethodPost, create, jsonBody(t, map[string]any{"title": strings.Repeat("长", 5000),
			"lead_unit_id": edu, "start": today(env, 0), "deadline": today(env, 9)}), http.StatusUnprocessableEntity, "title"},
		{"ManyTagsInvalid", ducha, http.MethodPost, create, `{"title":"x","lead_unit_id":1,"tags":["` +
			strings.Repeat(`a","`, 50000) + `b"]}`, http.StatusUnprocessableEntity, "tags"},
		{"WrongTypeInvalid", ducha, http.MethodPost, create, `{"title":"x","lead_unit_id":"教育局"}`, http.StatusUnprocessableEntity, "lead_unit_id"},
		{"UnknownFieldInvalid", ducha, http.MethodPost, create, `{"title":"x","state":"done"}`, http.StatusUnprocessableEntity, "state"},
		{"MalformedJSONBadRequest", ducha, http.MethodPost, create, `{"title": "x"`, http.StatusBadRequest, ""},
		{"EmptyBodyBadRequest", ducha, http.MethodPost, create, ``, http.StatusBadRequest, ""},
		{"TrailingDataBadRequest", ducha, http.MethodPost, create, valid + `{}`, http.StatusBadRequest, ""},
		{"TooLargeBadRequest", ducha, http.MethodPost, create, `{"title":"` + strings.Repeat("x", 1<<20) + `"}`, http.StatusBadRequest, ""},
		{"UnknownCampaignNotFound", ducha, http.MethodPost, "/api/v1/campaigns/999999/tasks", valid, http.StatusNotFound, ""},
		{"MalformedIDNotFound", ducha, http.MethodGet, "/api/v1/tasks/abc", "", http.StatusNotFound, ""},
		{"PerPageTooLargeInvalid", ducha, http.MethodGet, create + "?per_page=201", "", http.StatusUnprocessableEntity, "per_page"},
		{"UnknownLightInvalid", ducha, http.MethodGet, create + "?light=purple", "", http.StatusUnprocessableEntity, "light"},
		{"UnknownStateInvalid", ducha, http.MethodGet, create + "?state=%27%20OR%201%3D1", "", http.StatusUnprocessableEntity, "state"},
		{"BadUnitInvalid", ducha, http.MethodGet, create + "?unit=x", "", http.StatusUnprocessableEntity, "unit"},
		{"BadDateInvalid", ducha, http.MethodGet, create + "?from=2026-13-45", "", http.StatusUnprocessableEntity, "from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := tc.as.call(tc.method, tc.path, tc.body, nil)
			e := decodeErr(t, body)
			if code != tc.want || (tc.field != "" && e.Fields[tc.field] == "") {
				t.Fatalf("= %d %s, want %d with field %q", code, clipBody(body), tc.want, tc.field)
			}
		})
	}
	var after int
	env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM tasks`).Scan(&after)
	if after != before {
		t.Fatalf("%d tasks created by refused requests", after-before)
	}
}

func clipBody(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// TestAPIListScope checks that the list and the task read keep the pages'
// data scope, and that paging and the light filter work.
func TestAPIListScope(t *testing.T) {
	env := authtest.New(t)
	campaign, edu, qs := apiIDs(t, env)
	ducha := newAPIUser(t, env, "ducha", "10.9.3.1")
	jiaoyu := newAPIUser(t, env, "jiaoyu", "10.9.3.2")
	list := "/api/v1/campaigns/" + itoa(campaign) + "/tasks"
	type page struct {
		Items []struct {
			ID       int64  `json:"id"`
			Light    string `json:"light"`
			LeadUnit struct {
				ID int64 `json:"id"`
			} `json:"lead_unit"`
			CoUnits []struct {
				ID int64 `json:"id"`
			} `json:"co_units"`
			Reasons []struct{ Key, Text string } `json:"light_reasons"`
		} `json:"items"`
		Paging struct{ Page, PerPage, Total, Pages int } `json:"paging"`
	}
	var all, mine, small, red page
	if code, body := ducha.call(http.MethodGet, list+"?per_page=200", "", &all); code != http.StatusOK || all.Paging.Total < 20 ||
		len(all.Items) != all.Paging.Total {
		t.Fatalf("office list = %d %s", code, clipBody(body))
	}
	if code, _ := ducha.call(http.MethodGet, list+"?per_page=5&page=2", "", &small); code != http.StatusOK || len(small.Items) != 5 ||
		small.Paging.Pages != (all.Paging.Total+4)/5 || small.Items[0].ID != all.Items[5].ID {
		t.Fatalf("second page of 5 = %d %+v", code, small.Paging)
	}
	if code, _ := ducha.call(http.MethodGet, list+"?light=red&per_page=200", "", &red); code != http.StatusOK || len(red.Items) == 0 {
		t.Fatalf("red filter = %d, %d items", code, len(red.Items))
	}
	for _, it := range red.Items {
		if it.Light != "red" || len(it.Reasons) == 0 || it.Reasons[0].Text == "" {
			t.Fatalf("red filter gave %+v", it)
		}
	}
	if code, _ := jiaoyu.call(http.MethodGet, list+"?per_page=200", "", &mine); code != http.StatusOK || len(mine.Items) == 0 ||
		len(mine.Items) >= len(all.Items) {
		t.Fatalf("liaison list = %d, %d of %d", code, len(mine.Items), len(all.Items))
	}
	for _, it := range mine.Items {
		in := it.LeadUnit.ID == edu
		for _, c := range it.CoUnits {
			in = in || c.ID == edu
		}
		if !in {
			t.Fatalf("jiaoyu sees task %d of another unit", it.ID)
		}
	}
	var other int64
	if err := env.App.DB.QueryRow(t.Context(), `SELECT MIN(t.id) FROM tasks t WHERE t.lead_unit_id = ? AND NOT EXISTS
		(SELECT 1 FROM task_co_units c WHERE c.task_id = t.id AND c.unit_id = ?)`, qs, edu).Scan(&other); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/api/v1/tasks/" + itoa(other), "/api/v1/tasks/" + itoa(other) + "/reports"} {
		if code, body := jiaoyu.call(http.MethodGet, p, "", nil); code != http.StatusNotFound || decodeErr(t, body).Error != "not_found" {
			t.Fatalf("jiaoyu GET %s (青石镇's task) = %d, want 404", p, code)
		}
	}
	if code, _ := ducha.call(http.MethodGet, "/api/v1/tasks/"+itoa(other), "", nil); code != http.StatusOK {
		t.Fatalf("office GET 青石镇's task = %d", code)
	}
	var cs struct {
		Items []struct {
			ID        int64 `json:"id"`
			TaskCount int   `json:"task_count"`
			Phases    []struct{ Name string }
		} `json:"items"`
	}
	if code, _ := jiaoyu.call(http.MethodGet, "/api/v1/campaigns", "", &cs); code != http.StatusOK || len(cs.Items) == 0 ||
		cs.Items[0].TaskCount != len(mine.Items) {
		t.Fatalf("campaigns for jiaoyu = %d %+v, want the task count of its scope %d", code, cs, len(mine.Items))
	}
	if code, _ := jiaoyu.call(http.MethodGet, "/api/v1/campaigns/"+itoa(campaign), "", nil); code != http.StatusOK {
		t.Fatalf("campaign = %d", code)
	}
}
