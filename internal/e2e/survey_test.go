package e2e

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJourneySurvey is the survey part of issue 5: a citizen (no login) opens
// the demo survey, the follow-up question on jobs stays hidden until 就业 is
// chosen (skip logic in the static script), answers and submits; then ducha
// finds the response counted in the cross-tab of concern by village.
func TestJourneySurvey(t *testing.T) {
	base, a := startClockedApp(t, time.Now)
	ctx := context.Background()
	db := a.DB
	var id int64
	var slug string
	if err := db.QueryRow(ctx, `SELECT id, slug FROM surveys WHERE title = '群众最关心的民生问题调查'`).Scan(&id, &slug); err != nil {
		t.Fatalf("demo survey: %v", err)
	}
	var village int64
	if err := db.QueryRow(ctx, `SELECT id FROM regions WHERE name = '石门村'`).Scan(&village); err != nil {
		t.Fatal(err)
	}
	// 就业 answers from 石门村 before the journey (independent SQL).
	cell := func() int {
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = ?
			AND EXISTS (SELECT 1 FROM survey_answers a WHERE a.response_id = r.id AND a.question = 'q1' AND a.choice = ?)
			AND EXISTS (SELECT 1 FROM survey_answers a WHERE a.response_id = r.id AND a.question = 'q2' AND a.choice = '1')`,
			id, strconv.FormatInt(village, 10)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := cell()

	b := newBrowser(t)
	b.do("start the browser", chromedp.Navigate("about:blank"))
	b.step("open the public form",
		chromedp.EmulateViewport(375, 740),
		chromedp.Navigate(base+"/s/"+slug),
		chromedp.WaitVisible(chromedp.ID("survey-submit")),
	)
	hidden := `document.getElementById('q_q3-box').hidden`
	if !b.eval("the follow-up starts hidden", hidden) {
		b.fail("skip logic", fmt.Errorf("the jobs follow-up shows before 就业 is chosen"))
	}
	b.step("choose the village and 住房",
		chromedp.SetValue(chromedp.ID("q_q1"), strconv.FormatInt(village, 10)),
		chromedp.Click(chromedp.ID("q_q2-2")),
	)
	if !b.eval("住房 keeps the follow-up hidden", hidden) {
		b.fail("skip logic", fmt.Errorf("the follow-up shows for 住房"))
	}
	b.step("choose 就业", chromedp.Click(chromedp.ID("q_q2-1")), chromedp.WaitVisible(chromedp.ID("q_q3-box")))
	b.step("answer the follow-up and submit",
		chromedp.Click(chromedp.ID("q_q3-2")),
		chromedp.Click(chromedp.ID("q_q4-4")),
		chromedp.SendKeys(chromedp.ID("q_q6"), "希望多开展技能培训。"),
		chromedp.Click(chromedp.ID("survey-submit")),
		chromedp.WaitVisible(chromedp.ID("survey-notice")),
	)
	if after := cell(); after != before+1 {
		b.fail("the response is stored", fmt.Errorf("就业 × 石门村 = %d, want %d", after, before+1))
	}
	if n := b.requested(base); n == 0 || len(b.foreign(base)) > 0 {
		b.fail("no external assets", fmt.Errorf("foreign requests %v", b.foreign(base)))
	}

	b.login(base, "ducha")
	b.step("open the cross-tab of concern by village",
		chromedp.Navigate(fmt.Sprintf("%s/surveys/%d/results?q=q2&by=q1", base, id)),
		chromedp.WaitVisible(chromedp.ID("crosstab-table")),
	)
	// Column 1 is the first option, 就业.
	js := fmt.Sprintf(`(function () {
		var rows = document.querySelectorAll('#crosstab-table tbody tr');
		for (var i = 0; i < rows.length; i++) {
			if (rows[i].querySelector('th').textContent.indexOf('石门村') >= 0) {
				return rows[i].querySelectorAll('td')[0].textContent.trim() === '%d';
			}
		}
		return false;
	})()`, before+1)
	if !b.eval("the cross-tab counts the response", js) {
		b.fail("cross-tab", fmt.Errorf("石门村 × 就业 is not %d", before+1))
	}
}
