package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tongchou/internal/ui"
)

// TestJourneyDispatchMeeting is the meeting part of issue 4's journey:
// ducha schedules a dispatch meeting and requests statements, jiaoyu submits
// one, ducha publishes the minutes and two decisions, which appear as tasks
// for their units.
func TestJourneyDispatchMeeting(t *testing.T) {
	j := newJourney(t)
	base, b, ctx, db := j.base, j.b, j.ctx, j.app.DB
	id, meetingURL := j.holdDispatchMeeting("浏览器测试调度会")
	b.shot("meeting page", meetingURL+"?shot=1")
	if os.Getenv("TONGCHOU_SHOTS") != "" {
		var forum int64
		if err := db.QueryRow(ctx, `SELECT MIN(id) FROM meetings WHERE kind = 'forum'`).Scan(&forum); err != nil {
			t.Fatal(err)
		}
		b.shot("symposium page", fmt.Sprintf("%s/meetings/%d", base, forum))
		b.shot("meeting list", base+"/meetings")
	}
	var tasks int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM meeting_decisions d JOIN tasks t ON t.id = d.task_id
		WHERE d.meeting_id = ? AND t.source = 'meeting' AND t.state = 'assigned'`, id).Scan(&tasks); err != nil || tasks != 2 {
		b.fail("two decisions became assigned tasks", fmt.Errorf("%d tasks (%v)", tasks, err))
	}
	b.logout()

	b.login(base, "jiaoyu")
	b.step("the unit finds its task", chromedp.Navigate(base+"/my"), chromedp.WaitVisible(chromedp.ID("main")))
	if !strings.Contains(b.text("my work"), "教师周转房改造") {
		b.fail("the decision is on 教育局's list", errors.New("not on /my"))
	}
	if f := b.foreign(base); len(f) > 0 {
		t.Errorf("requests to another origin: %v", f)
	}
}

// shot saves a full-page screenshot of url when TONGCHOU_SHOTS names a folder
// (for looking at the layout; nothing is checked).
func (b *browser) shot(name, url string) {
	dir := os.Getenv("TONGCHOU_SHOTS")
	if dir == "" {
		return
	}
	b.step("screenshot "+name, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("main")))
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".png"), png, 0o644)
	}
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
}

// submitBy clicks a form's submit button and waits for the page the answer
// (a redirect) loads, recognised by a mark the old page carried.
func submitBy(button chromedp.ID) chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.stale = "1"`),
		chromedp.Click(button),
		chromedp.WaitVisible(chromedp.CSS("body:not([data-stale]) #main")),
	}
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var none chromedp.Void
		for _, s := range steps {
			if _, err := s(ctx, t); err != nil {
				return none, err
			}
		}
		return none, nil
	}
}

// holdDispatchMeeting is the meeting part of issue 4's journey, shared by
// the meeting and the briefing journeys: ducha schedules a dispatch meeting
// of 教育局 and 青石镇 and requests statements, jiaoyu submits one, ducha
// publishes the minutes and two decisions (one per unit). ducha stays
// signed in; it returns the meeting's id and address.
func (j *journey) holdDispatchMeeting(title string) (int64, string) {
	base, b, one := j.base, j.b, j.exists
	campaign, jiaoyu, qingshi := j.demoIDs()
	now := j.clock.Now().In(ui.Shanghai)
	held := now.AddDate(0, 0, 2).Format("2006-01-02") + "T09:30"
	due := now.AddDate(0, 0, 1).Format("2006-01-02") + "T17:00"
	deadline := now.AddDate(0, 1, 0).Format("2006-01-02")

	b.login(base, "ducha")
	b.step("schedule the meeting",
		chromedp.Navigate(base+"/meetings/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SetValue(chromedp.ID("campaign"), fmt.Sprint(campaign)),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SetValue(chromedp.ID("held_at"), held),
		chromedp.SendKeys(chromedp.ID("place"), "区委第一会议室"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`for (const o of document.querySelectorAll("#units option")) o.selected = [%d, %d].includes(Number(o.value))`, jiaoyu, qingshi)),
		submitBy(chromedp.ID("meeting-save")),
		chromedp.WaitVisible(chromedp.ID("statements-request")),
	)
	var id int64
	if err := j.app.DB.QueryRow(j.ctx, `SELECT id FROM meetings WHERE title = ?`, title).Scan(&id); err != nil {
		b.fail("the meeting is stored", err)
	}
	meetingURL := fmt.Sprintf("%s/meetings/%d", base, id)
	b.step("request statements",
		chromedp.SetValue(chromedp.ID("statement_due"), due),
		submitBy(chromedp.ID("statements-request")),
	)
	b.waitFor("statements are requested", one(`SELECT COUNT(*) FROM meetings WHERE id = ? AND statement_due IS NOT NULL`, id))
	b.step("reload the meeting", chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.ID("statements-request")))
	if !strings.Contains(b.text("the deadline shows"), "待报送") {
		b.fail("statements are awaited", errors.New("no 待报送 on the page"))
	}
	b.logout()

	b.login(base, "jiaoyu")
	b.step("submit the statement",
		chromedp.Navigate(meetingURL),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("statement-%d", jiaoyu))),
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("statement-%d", jiaoyu)), "教育局：教师交流轮岗方案已完成初稿。"),
		submitBy(chromedp.ID(fmt.Sprintf("statement-submit-%d", jiaoyu))),
	)
	b.waitFor("the statement is in", one(`SELECT COUNT(*) FROM meeting_units WHERE meeting_id = ? AND unit_id = ? AND statement_at IS NOT NULL`, id, jiaoyu))
	b.logout()

	b.login(base, "ducha")
	b.step("write and publish the minutes",
		chromedp.Navigate(meetingURL),
		chromedp.WaitVisible(chromedp.ID("minutes-text")),
		chromedp.SendKeys(chromedp.ID("minutes-text"), "会议听取了教育局、青石镇的汇报，研究了下一步工作。"),
		submitBy(chromedp.ID("minutes-publish")),
	)
	b.waitFor("the minutes are published", one(`SELECT COUNT(*) FROM meetings WHERE id = ? AND minutes_published_at IS NOT NULL`, id))
	for i, d := range []struct {
		text string
		unit int64
	}{{"青石镇中心小学教师周转房改造", jiaoyu}, {"青石镇农贸市场提升改造", qingshi}} {
		b.step(fmt.Sprintf("add decision %d", i+1),
			chromedp.Navigate(meetingURL),
			chromedp.WaitVisible(chromedp.ID("decision-add")),
			chromedp.SendKeys(chromedp.ID("d-text"), d.text),
			chromedp.SetValue(chromedp.ID("d-lead"), fmt.Sprint(d.unit)),
			chromedp.SetValue(chromedp.ID("d-deadline"), deadline),
			submitBy(chromedp.ID("decision-add")),
		)
		b.waitFor("the decision is stored", one(`SELECT COUNT(*) FROM meeting_decisions WHERE meeting_id = ? AND seq = ?`, id, i+1))
	}
	b.step("publish the decisions",
		chromedp.Navigate(meetingURL),
		chromedp.WaitVisible(chromedp.ID("decisions-publish")),
		submitBy(chromedp.ID("decisions-publish")),
	)
	b.waitFor("the decisions are published", one(`SELECT COUNT(*) FROM meetings WHERE id = ? AND decisions_published_at IS NOT NULL`, id))
	return id, meetingURL
}
