package task_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// editForm is the demo campaign's edit form as the office would post it.
func editForm(t *testing.T, env *authtest.Env) url.Values {
	t.Helper()
	ctx := context.Background()
	var name, start, end string
	var version int
	if err := env.App.DB.QueryRow(ctx, `SELECT name, start_date, end_date, version FROM campaigns WHERE id = 1`).
		Scan(&name, &start, &end, &version); err != nil {
		t.Fatal(err)
	}
	v := url.Values{"version": {itoa(int64(version))}, "name": {name}, "start": {start}, "end": {end},
		"lag_red": {"30"}, "lag_yellow": {"10"}, "due_days": {"3"}, "orange_days": {"2"}, "red_days": {"3"},
		"report_workdays": {"workdays"}}
	rows, err := env.App.DB.Query(ctx, `SELECT id, name, start_date, end_date FROM campaign_phases WHERE campaign_id = 1 ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var id int64
		var pn, ps, pe string
		if err := rows.Scan(&id, &pn, &ps, &pe); err != nil {
			t.Fatal(err)
		}
		f := "phase" + itoa(int64(i))
		v.Set(f+"_id", itoa(id))
		v.Set(f+"_name", pn)
		v.Set(f+"_start", ps)
		v.Set(f+"_end", pe)
		i++
	}
	v.Set("phase_rows", itoa(int64(i)))
	return v
}

// TestCampaignEditPages edits the demo campaign through HTTP: the page shows
// the settings and the edit link to the office, bad input is refused beside
// its field in the user's language, a good change saves and shows, a stale
// form is a conflict and other roles are refused.
func TestCampaignEditPages(t *testing.T) {
	env := authtest.New(t)
	office, jiaoyu := env.Client("10.4.0.1"), env.Client("10.4.0.2")
	office.MustLogin("ducha")
	jiaoyu.MustLogin("jiaoyu")
	with := func(edit func(v url.Values)) url.Values {
		v := editForm(t, env)
		edit(v)
		return v
	}
	stale := editForm(t, env)
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		do   func(c *authtest.Client) *authtest.Response
		code int
		want string
	}{
		{"PageShowsSettingsAndEditLink", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1") }, 200,
			`href="/campaigns/1/edit"`},
		{"PageShowsWorkdayOption", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1") }, 200, "按工作日"},
		{"LiaisonSeesNoEditLink", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1") }, 200, "督办后通报"},
		{"FormShown", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1/edit") }, 200, `name="phase0_id"`},
		{"LiaisonCannotOpenForm", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1/edit") }, 403, ""},
		{"LiaisonCannotUpdate", jiaoyu, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", editForm(t, env))
		}, 403, ""},
		{"MissingCampaign404", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/999/edit") }, 404, ""},
		{"YellowZeroRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Set("lag_yellow", "0") }))
		}, 422, "黄灯阈值须为 1–99 之间的整数"},
		{"DueDaysElevenRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Set("due_days", "11") }))
		}, 422, "临期提醒须为 1–10 个工作日"},
		{"NotANumberRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Set("red_days", "三") }))
		}, 422, "格式不正确"},
		{"HugeNameRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Set("name", strings.Repeat("长", 1<<20)) }))
		}, 422, "内容过长"},
		{"OverlappingPhaseRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Set("phase1_start", v.Get("phase0_start")) }))
		}, 422, "阶段不能与上一阶段重叠"},
		{"PhaseWithTasksNotRemoved", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Set("phase2_remove", "1") }))
		}, 422, "该阶段下已有任务，不能删除"},
		{"BadRequestWithoutVersion", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) { v.Del("version") }))
		}, 400, ""},
		{"HTMLNameSaved", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/campaigns/1/update", with(func(v url.Values) {
				v.Set("name", "<b>大调研</b>")
				v.Set("lag_red", "20")
				v.Set("report_workdays", "calendar")
			}))
		}, 303, ""},
		{"NewSettingsShown", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1") }, 200, "按自然日"},
		{"NameEscaped", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1") }, 200, "&lt;b&gt;大调研&lt;/b&gt;"},
		{"StaleFormConflicts", office, func(c *authtest.Client) *authtest.Response { return c.Post("/campaigns/1/update", stale) }, 409,
			"已被他人修改"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do(tc.c)
			if r.Code != tc.code {
				t.Fatalf("status = %d, want %d", r.Code, tc.code)
			}
			if tc.want != "" && !strings.Contains(r.Body, tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
			if tc.name == "LiaisonSeesNoEditLink" && strings.Contains(r.Body, "/campaigns/1/edit") {
				t.Error("the liaison is offered the edit link")
			}
		})
	}
	var red int
	var workdays bool
	env.App.DB.QueryRow(context.Background(), `SELECT light_lag_red, report_workdays FROM campaigns WHERE id = 1`).Scan(&red, &workdays)
	if red != 20 || workdays {
		t.Errorf("stored red %d workdays %v, want 20 false", red, workdays)
	}
}
