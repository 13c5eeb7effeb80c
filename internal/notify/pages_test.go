package notify_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/notify"
	"tongchou/internal/store"
)

func seed(t *testing.T, env *authtest.Env, user, key, title string) int64 {
	t.Helper()
	ctx := context.Background()
	err := env.App.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := notify.Notify(ctx, tx, env.Clock.Now(), env.UserID(user), notify.Notification{
			Kind: "task.urge", Title: title, Body: "请于今日报送", Link: "/tasks/7", Key: key})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := env.App.DB.QueryRow(ctx, `SELECT id FROM notifications WHERE idempotency_key = ?`, key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func badge(body string) string {
	_, after, ok := strings.Cut(body, `id="bell"`)
	if !ok {
		return "no bell"
	}
	bell, _, _ := strings.Cut(after, "</a>")
	if _, n, ok := strings.Cut(bell, `<span class="badge"`); ok {
		_, n, _ = strings.Cut(n, ">")
		n, _, _ = strings.Cut(n, "<")
		return n
	}
	return ""
}

func TestNotificationPages(t *testing.T) {
	env := authtest.New(t)
	env.Exec(`DELETE FROM notifications`) // start from a known slate: the demo seeds some of its own
	mine1 := seed(t, env, "jiaoyu", "a", "催办：集团化办学<script>alert(1)</script>")
	seed(t, env, "jiaoyu", "b", "督办：学位扩容")
	theirs := seed(t, env, "qingshi", "c", "青石镇的消息")
	c := env.Client("10.3.0.1")
	c.MustLogin("jiaoyu")

	home := c.Get("/")
	if got := badge(home.Body); got != "2" {
		t.Fatalf("bell shows %q, want 2", got)
	}
	list := c.Get("/notifications")
	if list.Code != http.StatusOK || !strings.Contains(list.Body, "督办：学位扩容") || strings.Contains(list.Body, "青石镇的消息") {
		t.Fatalf("list = %d, own titles shown and others' hidden?\n%s", list.Code, list.Body)
	}
	if strings.Contains(list.Body, "<script>alert") || !strings.Contains(list.Body, "&lt;script&gt;") {
		t.Fatal("title not escaped")
	}
	for _, tc := range []struct {
		name string
		path string
		want int
	}{
		{"OthersNotificationIsNotFound", "/notifications/" + strconv.FormatInt(theirs, 10) + "/read", http.StatusNotFound},
		{"MissingIsNotFound", "/notifications/99999/read", http.StatusNotFound},
		{"MalformedIdIsNotFound", "/notifications/abc/read", http.StatusNotFound},
		{"OwnIsMarked", "/notifications/" + strconv.FormatInt(mine1, 10) + "/read", http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := c.Post(tc.path, nil); r.Code != tc.want {
				t.Fatalf("POST %s = %d, want %d", tc.path, r.Code, tc.want)
			}
		})
	}
	if got := badge(c.Get("/").Body); got != "1" {
		t.Fatalf("bell after one read shows %q", got)
	}
	if r := c.Post("/notifications/read-all", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("read-all = %d", r.Code)
	}
	if got := badge(c.Get("/notifications").Body); got != "" {
		t.Fatalf("bell after read-all shows %q", got)
	}
	q := env.Client("10.3.0.2")
	q.MustLogin("qingshi")
	if got := badge(q.Get("/").Body); got != "1" {
		t.Fatalf("another user's bell changed: %q", got)
	}
	for _, bad := range []string{"abc", "0", "-1", "99999999999"} {
		if r := c.Get("/notifications?page=" + bad); r.Code != http.StatusBadRequest {
			t.Errorf("page=%s = %d, want 400", bad, r.Code)
		}
	}
	if r := c.Get("/notifications?page=2"); r.Code != http.StatusOK || !strings.Contains(r.Body, "notify-list") && !strings.Contains(r.Body, "暂无消息") {
		t.Errorf("page 2 = %d", r.Code)
	}
	if r := env.Client("10.3.0.3").Get("/notifications"); r.Code != http.StatusSeeOther {
		t.Errorf("anonymous list = %d, want a redirect to login", r.Code)
	}
}

func TestAdminJobsPage(t *testing.T) {
	env := authtest.New(t)
	ctx := context.Background()
	if err := env.App.Jobs.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	admin := env.Client("10.3.1.1")
	admin.MustLogin("admin")
	r := admin.Get("/admin/jobs")
	if r.Code != http.StatusOK {
		t.Fatalf("admin jobs = %d", r.Code)
	}
	for _, want := range []string{notify.DeliverJob, "every 1m0s", "成功", `href="/admin/jobs"`, "待投递 0 条"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("jobs page lacks %q", want)
		}
	}
	for _, who := range []string{"jiaoyu", "ducha", "auditor"} {
		c := env.Client("10.3.1.2")
		c.MustLogin(who)
		if r := c.Get("/admin/jobs"); r.Code != http.StatusForbidden {
			t.Errorf("%s sees the jobs page (%d)", who, r.Code)
		}
	}
}
