package task_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// reportTask inserts a weekly task led by 教育局, in progress, into the demo
// district and returns its id.
func reportTask(t *testing.T, env *authtest.Env) string {
	t.Helper()
	ctx := context.Background()
	db := env.App.DB
	var office, edu int64
	if err := db.QueryRow(ctx, `SELECT id FROM units WHERE name = '区委督查室'`).Scan(&office); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT id FROM units WHERE name = '教育局'`).Scan(&edu); err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now()
	var camp, id int64
	if err := db.Raw().QueryRowContext(ctx, `INSERT INTO campaigns (name, start_date, end_date, owner_unit_id, created_at, updated_at)
		VALUES ('报送测试专项', '2026-03-01', '2026-10-31', ?, ?, ?) RETURNING id`, office, now, now).Scan(&camp); err != nil {
		t.Fatal(err)
	}
	if err := db.Raw().QueryRowContext(ctx, `INSERT INTO tasks (campaign_id, title, source, lead_unit_id, start_date, deadline, original_deadline,
		report_cycle, state, created_at, updated_at) VALUES (?, '学校布局调研', 'plan', ?, '2026-04-01', '2026-06-30', '2026-06-30',
		'weekly', 'in_progress', ?, ?) RETURNING id`, camp, edu, now, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return itoa(id)
}

func reportForm(progress string) url.Values {
	return url.Values{"due_date": {"2026-05-09"}, "work_done": {"走访学校<script>alert(1)</script>"}, "progress": {progress},
		"problems": {""}, "next_steps": {"形成报告"}}
}

func TestReportPages(t *testing.T) {
	env := authtest.New(t)
	id := reportTask(t, env)
	jiaoyu, qingshi, ducha := env.Client("10.0.0.1"), env.Client("10.0.0.2"), env.Client("10.0.0.3")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	ducha.MustLogin("ducha")

	if r := jiaoyu.Get("/tasks/" + id + "/reports"); r.Code != http.StatusOK || !strings.Contains(r.Body, "连续两次未报送") ||
		!strings.Contains(r.Body, `action="/tasks/`+id+`/reports"`) {
		t.Fatalf("lead unit's report page: %d, want 200 with the red reason and the form", r.Code)
	}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		path string
		form url.Values
		want int
	}{
		{"OtherUnitPageNotFound", qingshi, "/tasks/" + id + "/reports", nil, http.StatusNotFound},
		{"OtherUnitSubmitNotFound", qingshi, "/tasks/" + id + "/reports", reportForm("40"), http.StatusNotFound},
		{"MalformedTaskIDNotFound", jiaoyu, "/tasks/abc/reports", nil, http.StatusNotFound},
		{"UnknownTaskNotFound", jiaoyu, "/tasks/999999/reports", nil, http.StatusNotFound},
		{"OfficeCannotSubmit", ducha, "/tasks/" + id + "/reports", reportForm("40"), http.StatusForbidden},
		{"Progress101Refused", jiaoyu, "/tasks/" + id + "/reports", reportForm("101"), http.StatusUnprocessableEntity},
		{"HugeTextRefused", jiaoyu, "/tasks/" + id + "/reports", url.Values{"due_date": {"2026-05-09"}, "work_done": {strings.Repeat("字", 1<<20)},
			"progress": {"40"}, "next_steps": {"x"}}, http.StatusUnprocessableEntity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *authtest.Response
			if tc.form == nil {
				r = tc.c.Get(tc.path)
			} else {
				r = tc.c.Post(tc.path, tc.form)
			}
			if r.Code != tc.want {
				t.Fatalf("status %d, want %d", r.Code, tc.want)
			}
			if tc.name == "Progress101Refused" && !strings.Contains(r.Body, `<p class="field-error" id="progress-error">进度须为 0 到 100 之间的整数</p>`) {
				t.Fatalf("no message beside the progress field:\n%s", r.Body)
			}
		})
	}
	var n int
	if err := env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM task_reports WHERE task_id = ?`, id).Scan(&n); err != nil || n != 0 {
		t.Fatalf("reports after refused submissions = %d (%v), want 0", n, err)
	}

	if r := jiaoyu.Post("/tasks/"+id+"/reports", reportForm("40")); r.Code != http.StatusSeeOther {
		t.Fatalf("submit: status %d, want 303", r.Code)
	}
	var rid string
	if err := env.App.DB.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM task_reports WHERE task_id = ?`, id).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	page := ducha.Get("/tasks/" + id + "/reports")
	if page.Code != http.StatusOK || strings.Contains(page.Body, "<script>alert(1)") || !strings.Contains(page.Body, `action="/reports/`+rid+`/accept"`) {
		t.Fatalf("office page: %d, want 200, escaped text and the review forms", page.Code)
	}
	if r := jiaoyu.Post("/reports/"+rid+"/accept", url.Values{"version": {"1"}}); r.Code != http.StatusForbidden {
		t.Fatalf("liaison accepts: status %d, want 403", r.Code)
	}
	if r := ducha.Post("/reports/"+rid+"/return", url.Values{"version": {"1"}, "comment": {""}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("return without comment: status %d, want 422", r.Code)
	}
	if r := ducha.Post("/reports/"+rid+"/return", url.Values{"version": {"1"}, "comment": {"请补充学校名单"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("return: status %d, want 303", r.Code)
	}
	if r := ducha.Post("/reports/"+rid+"/accept", url.Values{"version": {"1"}}); r.Code != http.StatusConflict {
		t.Fatalf("accept a returned report: status %d, want 409", r.Code)
	}
	if r := jiaoyu.Post("/tasks/"+id+"/reports", reportForm("45")); r.Code != http.StatusSeeOther {
		t.Fatalf("resubmit: status %d, want 303", r.Code)
	}
	if r := jiaoyu.Get("/tasks/" + id + "/reports"); !strings.Contains(r.Body, "请补充学校名单") || !strings.Contains(r.Body, "已退回") {
		t.Fatalf("history after resubmission lost the returned report")
	}
}
