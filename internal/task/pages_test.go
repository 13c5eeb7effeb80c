package task_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// demoTask finds a demo task id by title.
func demoTask(t *testing.T, env *authtest.Env, title string) (id int64, version int) {
	t.Helper()
	if err := env.App.DB.QueryRow(context.Background(), `SELECT id, version FROM tasks WHERE title = ?`, title).Scan(&id, &version); err != nil {
		t.Fatalf("demo task %s: %v", title, err)
	}
	return id, version
}

// TestTaskPagesThroughHTTP walks the pages as the demo's people: the office
// sees the board, jiaoyu finds its task to sign for and signs it, the wrong
// role is refused and another unit's liaison does not see the task at all.
func TestTaskPagesThroughHTTP(t *testing.T) {
	env := authtest.New(t)
	office, jiaoyu, qingshi := env.Client("10.3.0.1"), env.Client("10.3.0.2"), env.Client("10.3.0.3")
	office.MustLogin("ducha")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	id, version := demoTask(t, env, "新划入镇乡教师交流轮岗方案")
	path := "/tasks/" + itoa(id)
	form := url.Values{"version": {itoa(int64(version))}}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		do   func(c *authtest.Client) *authtest.Response
		code int
		want string
	}{
		{"OfficeSeesCampaigns", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns") }, 200, "大调研、大融合、大发展"},
		{"OfficeBoardFiltered", office, func(c *authtest.Client) *authtest.Response {
			return c.Get("/campaigns/1/tasks?state=assigned&sort=-deadline")
		}, 200, "新划入镇乡教师交流轮岗方案"},
		{"BoardBadDate", office, func(c *authtest.Client) *authtest.Response { return c.Get("/campaigns/1/tasks?from=2026-99-99") }, 422, "日期格式"},
		{"LiaisonMyWork", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Get("/my") }, 200, "新划入镇乡教师交流轮岗方案"},
		{"OtherUnitNotFound", qingshi, func(c *authtest.Client) *authtest.Response { return c.Get(path) }, 404, ""},
		{"OtherUnitCannotSign", qingshi, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/sign", form) }, 404, ""},
		{"OfficeCannotSign", office, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/sign", form) }, 403, ""},
		{"SendBackNeedsReason", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/send_back", form) }, 422, "请填写理由"},
		{"LiaisonSigns", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/sign", form) }, 303, ""},
		{"StaleVersionConflict", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/start", form) }, 409, "已被他人修改"},
		{"TimelineShowsSign", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Get(path) }, 200, "签收"},
		{"TaskPageShowsItsLight", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Get(path) }, 200, `<h1><span class="light light-`},
		{"NewTaskDeadlineBeforeStart", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/tasks/create", url.Values{"campaign": {"1"}, "title": {"测试"}, "source": {"plan"}, "lead_unit": {"1"},
				"report_cycle": {"weekly"}, "start": {"2026-06-01"}, "deadline": {"2026-05-01"}, "weight": {"1"}})
		}, 422, "截止日期不能早于开始日期"},
		{"LiaisonCannotCreate", jiaoyu, func(c *authtest.Client) *authtest.Response {
			return c.Post("/tasks/create", url.Values{"campaign": {"1"}})
		}, 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do(tc.c)
			if r.Code != tc.code {
				t.Fatalf("status = %d, want %d", r.Code, tc.code)
			}
			if tc.want != "" && !strings.Contains(r.Body, tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
		})
	}
	var state string
	env.App.DB.QueryRow(context.Background(), `SELECT state FROM tasks WHERE id = ?`, id).Scan(&state)
	if state != "signed" {
		t.Errorf("state after the journey = %s, want signed", state)
	}
	if r := office.Get(path); r.Code != http.StatusOK || !strings.Contains(r.Body, "已签收") {
		t.Errorf("office task page: %d", r.Code)
	}
}
