package task_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// TestNoticePagesThroughHTTP lets a 教育局 task miss its deadline in the demo,
// runs the ladder, and reads the notice as each kind of viewer.
func TestNoticePagesThroughHTTP(t *testing.T) {
	env := authtest.New(t)
	ctx := context.Background()
	cal, err := workday.Load(ctx, env.App.DB)
	if err != nil {
		t.Fatal(err)
	}
	for !cal.IsWorkday(env.Clock.Now().In(ui.Shanghai)) {
		env.Clock.Advance(24 * time.Hour)
	}
	today := env.Clock.Now().In(ui.Shanghai).Format("2006-01-02")
	id, _ := demoTask(t, env, "新划入镇乡教师交流轮岗方案")
	past := env.Clock.Now().In(ui.Shanghai).AddDate(0, 0, -10).Format("2006-01-02")
	env.Exec(`UPDATE tasks SET state = 'in_progress', deadline = ?, report_cycle = 'none' WHERE id = ?`, past, id)
	esc := task.NewEscalator(env.App.DB, env.App.Audit, env.Clock.Now)
	if n, err := esc.Escalate(ctx, today); err != nil || n == 0 {
		t.Fatalf("escalate on %s: %d, %v", today, n, err)
	}
	var notice int64
	var number string
	if err := env.App.DB.QueryRow(ctx, `SELECT id, number FROM task_notices WHERE task_id = ? AND rung = 'yellow'`, id).
		Scan(&notice, &number); err != nil {
		t.Fatalf("the 催办 of task %d: %v", id, err)
	}
	path := "/notices/" + itoa(notice)
	office, leader, jiaoyu, qingshi := env.Client("10.4.0.1"), env.Client("10.4.0.2"), env.Client("10.4.0.3"), env.Client("10.4.0.4")
	office.MustLogin("ducha")
	leader.MustLogin("leader")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	head := env.Client("10.4.0.5") // the 催办 goes to the unit's head
	head.MustLogin("jiaoyu_head")
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		path string
		code int
		want string
	}{
		{"OfficeReadsTheForm", office, path, 200, "催办单"},
		{"FormHasNumberAndRequirement", office, path, 200, number},
		{"LeaderReadsIt", leader, path, 200, "请于"},
		{"RecipientUnitReadsIt", jiaoyu, path, 200, "教育局"},
		{"OtherUnitNotFound", qingshi, path, 404, ""},
		{"OtherUnitDocxNotFound", qingshi, path + ".docx", 404, ""},
		{"DocxIsAZip", jiaoyu, path + ".docx", 200, "PK"},
		{"MalformedIDNotFound", office, "/notices/abc", 404, ""},
		{"UnknownIDNotFound", office, "/notices/999999", 404, ""},
		{"HugeIDNotFound", office, "/notices/99999999999999999999999", 404, ""},
		{"TaskListShowsIt", jiaoyu, "/tasks/" + itoa(id) + "/notices", 200, number},
		{"TaskListOtherUnitNotFound", qingshi, "/tasks/" + itoa(id) + "/notices", 404, ""},
		{"TimelineShowsIt", office, "/tasks/" + itoa(id), 200, "催办（逾期未办结）"},
		{"TaskPageLinksToNotices", jiaoyu, "/tasks/" + itoa(id), 200, "/tasks/" + itoa(id) + "/notices"},
		{"BellShowsIt", head, "/notifications", 200, number},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Get(tc.path)
			if r.Code != tc.code {
				t.Fatalf("GET %s = %d, want %d", tc.path, r.Code, tc.code)
			}
			if tc.want != "" && !strings.Contains(r.Body, tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
		})
	}
	if r := office.Get("/notices/" + itoa(notice) + ".docx"); !strings.Contains(r.Header().Get("Content-Type"), "wordprocessingml") {
		t.Errorf("docx content type %q", r.Header().Get("Content-Type"))
	}
}
