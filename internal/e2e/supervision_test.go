package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// testClock is the app's clock in the supervision journey: real time moved
// by an offset the test sets, so the journey can jump past a deadline
// without sleeping while cookies and timeouts still see time pass.
type testClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

// Set moves the clock to at.
func (c *testClock) Set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = time.Until(at)
}

// planWorkbook writes the import template with one task row in place of the
// example and returns the file's path.
func planWorkbook(t *testing.T, title, start, deadline string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := task.WritePlanTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := []any{"1", "", title, "全面排查校舍、消防、食品安全隐患，建立整改台账并销号", "教育局", "", "", "",
		start, deadline, "每周", "民生改善", "督查发现", 1}
	if err := f.SetSheetRow(task.PlanSheet, "A2", &row); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// step is do with its own 20-second limit, so a step that hangs fails with
// its screenshot while the tab still answers.
func (b *browser) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail(name, err)
	}
	b.t.Logf("%s: done", name)
}

// login signs user in from the login page.
func (b *browser) login(base, user string) {
	b.t.Helper()
	b.step("sign in as "+user,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("logout")),
	)
}

// logout signs out.
func (b *browser) logout() {
	b.t.Helper()
	b.step("sign out", chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("username")))
}

// waitFor polls the database (through q) until it answers true, up to 10 s.
func (b *browser) waitFor(step string, q func() (bool, error)) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := q()
		if ok {
			return
		}
		if err == nil && time.Now().After(deadline) {
			err = errors.New("not reached in 10 s")
		}
		if err != nil {
			b.fail(step, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestJourneySupervisionLoop is the journey of issue 3: the office imports a
// plan and assigns its task to 教育局 in one go; the liaison signs for it and
// reports; the office returns the report, the liaison resubmits, the office
// accepts; then the clock passes the deadline, the escalation job runs, the
// task turns red and the head of 教育局 finds the 催办 notice.
func TestJourneySupervisionLoop(t *testing.T) {
	j := newJourney(t)
	clock, base, a, b, ctx, db, one := j.clock, j.base, j.app, j.b, j.ctx, j.app.DB, j.exists

	today := clock.Now().In(ui.Shanghai)
	start, deadline := today.Format("2006-01-02"), today.AddDate(0, 0, 5).Format("2006-01-02")
	const title = "全区中小学校园安全隐患排查整治"
	plan := planWorkbook(t, title, start, deadline)
	var campaign int64
	if err := db.QueryRow(ctx, `SELECT MIN(id) FROM campaigns`).Scan(&campaign); err != nil {
		t.Fatal(err)
	}

	b.login(base, "ducha")
	b.step("import the plan and assign at once",
		chromedp.Navigate(fmt.Sprintf("%s/campaigns/%d/import", base, campaign)),
		chromedp.WaitVisible(chromedp.ID("file")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{plan}),
		chromedp.Click(chromedp.ID("plan-assign")),
		chromedp.Click(chromedp.ID("plan-submit")),
		chromedp.WaitVisible(chromedp.ID("plan-done")),
	)
	var id int64
	var state string
	if err := db.QueryRow(ctx, `SELECT id, state FROM tasks WHERE title = ?`, title).Scan(&id, &state); err != nil || state != string(task.StateAssigned) {
		b.fail("the imported task is assigned", fmt.Errorf("state %q (%v)", state, err))
	}
	taskURL := fmt.Sprintf("%s/tasks/%d", base, id)
	b.logout()

	b.login(base, "jiaoyu")
	b.step("sign for the task (签收)",
		chromedp.Navigate(taskURL),
		chromedp.Click(chromedp.ID("act-sign")),
		chromedp.WaitNotPresent(chromedp.ID("act-sign")),
	)
	b.waitFor("the task is signed for", one(`SELECT COUNT(*) FROM tasks WHERE id = ? AND state = ?`, id, task.StateSigned))
	b.submitReport(taskURL+"/reports", "完成全区42所中小学校舍安全排查，发现隐患17处。", "40")
	var first int64
	b.waitFor("the first report is in", func() (bool, error) {
		err := db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM task_reports WHERE task_id = ? AND status = 'submitted'`, id).Scan(&first)
		return first > 0, err
	})
	b.logout()

	b.login(base, "ducha")
	b.step("return the report with a comment",
		chromedp.Navigate(taskURL+"/reports"),
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("comment-%d", first)), "请列明隐患类型和整改时限后重新报送。"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("return-%d", first))),
		chromedp.WaitNotPresent(chromedp.ID(fmt.Sprintf("return-%d", first))),
	)
	b.waitFor("the report is returned", one(`SELECT COUNT(*) FROM task_reports WHERE id = ? AND status = 'returned'`, first))
	b.logout()

	b.login(base, "jiaoyu")
	b.submitReport(taskURL+"/reports", "排查隐患17处：消防8处、校舍6处、食品安全3处，已整改9处，其余限期12月底前完成。", "55")
	var second int64
	b.waitFor("the second report is in", func() (bool, error) {
		err := db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM task_reports WHERE task_id = ? AND status = 'submitted'`, id).Scan(&second)
		return second > first, err
	})
	b.logout()

	b.login(base, "ducha")
	b.step("accept the resubmitted report",
		chromedp.Navigate(taskURL+"/reports"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("accept-%d", second))),
		chromedp.WaitNotPresent(chromedp.ID(fmt.Sprintf("accept-%d", second))),
	)
	b.waitFor("the report is accepted", one(`SELECT COUNT(*) FROM task_reports WHERE id = ? AND status = 'accepted'`, second))
	b.logout()

	// Past the deadline: each morning at 09:00 the scheduler runs what is
	// due, until the 催办 (yellow rung, the working day after the deadline,
	// later when holidays intervene) has gone out.
	end, _ := time.ParseInLocation("2006-01-02", deadline, ui.Shanghai)
	issued := one(`SELECT COUNT(*) FROM task_notices WHERE task_id = ? AND rung = 'yellow' AND item_kind = 'deadline'`, id)
	for d := 1; ; d++ {
		clock.Set(end.AddDate(0, 0, d).Add(9 * time.Hour))
		if _, err := a.Jobs.RunDue(ctx); err != nil {
			t.Fatalf("run due jobs: %v", err)
		}
		if ok, err := issued(); err != nil || ok {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		if d == 15 {
			t.Fatalf("no 催办 for task %d after 15 days past its deadline", id)
		}
	}

	b.login(base, "ducha")
	b.step("open the task's reports with its light", chromedp.Navigate(taskURL+"/reports"),
		chromedp.WaitVisible(chromedp.ID("report-light")))
	if !b.eval("read the light", `document.querySelector("#report-light .light-red") !== null`) {
		b.fail("the overdue task is red", errors.New(b.text("the light")))
	}
	b.logout()

	var note int64
	var link string
	if err := db.QueryRow(ctx, `SELECT n.id, n.link FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = 'jiaoyu_head' AND n.kind = 'task.notice.yellow' AND n.title LIKE ?`, "%"+title+"%").Scan(&note, &link); err != nil {
		t.Fatalf("no 催办 notification for jiaoyu_head: %v", err)
	}
	b.login(base, "jiaoyu_head")
	bell, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID("bell")))
	if err != nil || !strings.ContainsAny(bell, "123456789") {
		b.fail("unread count on the bell", errors.New("bell reads "+bell))
	}
	b.step("list the notices", chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("n%d", note))))
	item, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID(fmt.Sprintf("n%d", note))))
	if err != nil || !strings.Contains(item, "催办") || !strings.Contains(item, title) {
		b.fail("the 催办 notice names the task", errors.New("item reads "+item))
	}
	b.step("open the notice", chromedp.Navigate(base+link), chromedp.WaitVisible(chromedp.ID("main")))
	if page := b.text("read the notice"); !strings.Contains(page, "催办") || !strings.Contains(page, title) {
		b.fail("the 催办单 names the task", errors.New("page reads "+page))
	}
	if f := b.foreign(base); len(f) > 0 {
		t.Errorf("requests to another origin: %v", f)
	}
}

// submitReport fills and submits the report form on a task's reports page.
func (b *browser) submitReport(url, work, progress string) {
	b.t.Helper()
	b.step("submit a progress report",
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.ID("work_done")),
		chromedp.SendKeys(chromedp.ID("work_done"), work),
		chromedp.SetValue(chromedp.ID("progress"), progress),
		chromedp.SendKeys(chromedp.ID("next_steps"), "逐项整改销号，每周报送整改进展。"),
		chromedp.Click(chromedp.ID("report-submit")),
		chromedp.WaitNotPresent(chromedp.ID("report-submit")),
	)
}
