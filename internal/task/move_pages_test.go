package task_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// TestMovePages moves a demo sub-task under another key task through HTTP:
// the form offers the parents, a cycle is refused beside the select, the
// move shows on the timeline, a stale form is a conflict and a liaison is
// refused.
func TestMovePages(t *testing.T) {
	env := authtest.New(t)
	office, jiaoyu := env.Client("10.5.0.1"), env.Client("10.5.0.2")
	office.MustLogin("ducha")
	jiaoyu.MustLogin("jiaoyu")
	ctx := context.Background()
	var child, parent, target int64
	var childVersion, parentVersion int
	if err := env.App.DB.QueryRow(ctx, `SELECT c.id, c.version, p.id, p.version FROM tasks c JOIN tasks p ON p.id = c.parent_id
		WHERE c.state NOT IN ('done', 'cancelled') AND p.state NOT IN ('done', 'cancelled') ORDER BY c.id LIMIT 1`).
		Scan(&child, &childVersion, &parent, &parentVersion); err != nil {
		t.Fatalf("demo sub-task: %v", err)
	}
	if err := env.App.DB.QueryRow(ctx, `SELECT id FROM tasks WHERE parent_id IS NULL AND id <> ? AND campaign_id = 1
		AND state NOT IN ('done', 'cancelled') ORDER BY id LIMIT 1`, parent).Scan(&target); err != nil {
		t.Fatalf("demo key task: %v", err)
	}
	path := "/tasks/" + itoa(child)
	form := func(version int, to int64) url.Values {
		return url.Values{"version": {itoa(int64(version))}, "parent": {itoa(to)}}
	}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		do   func(c *authtest.Client) *authtest.Response
		code int
		want string
	}{
		{"TaskPageOffersMove", office, func(c *authtest.Client) *authtest.Response { return c.Get(path) }, 200, path + "/move"},
		{"FormOffersParents", office, func(c *authtest.Client) *authtest.Response { return c.Get(path + "/move") }, 200,
			`<option value="` + itoa(target) + `"`},
		{"LiaisonCannotOpenForm", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Get(path + "/move") }, 403, ""},
		{"LiaisonCannotMove", jiaoyu, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/move", form(childVersion, target)) }, 403, ""},
		{"CycleRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post("/tasks/"+itoa(parent)+"/move", form(parentVersion, child))
		}, 422, "上级任务不能是本任务或其下级"},
		{"BadParentRefused", office, func(c *authtest.Client) *authtest.Response {
			return c.Post(path+"/move", url.Values{"version": {itoa(int64(childVersion))}, "parent": {"<script>"}})
		}, 422, "格式不正确"},
		{"MissingVersionBadRequest", office, func(c *authtest.Client) *authtest.Response {
			return c.Post(path+"/move", url.Values{"parent": {itoa(target)}})
		}, 400, ""},
		{"OfficeMoves", office, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/move", form(childVersion, target)) }, 303, ""},
		{"TimelineShowsMove", office, func(c *authtest.Client) *authtest.Response { return c.Get(path) }, 200, "→ #" + itoa(target)},
		{"StaleFormConflicts", office, func(c *authtest.Client) *authtest.Response { return c.Post(path+"/move", form(childVersion, parent)) }, 409, "已被他人修改"},
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
	var now int64
	env.App.DB.QueryRow(ctx, `SELECT parent_id FROM tasks WHERE id = ?`, child).Scan(&now)
	if now != target {
		t.Errorf("parent = %d, want %d", now, target)
	}
}
