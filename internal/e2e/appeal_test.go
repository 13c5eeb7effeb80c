package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJourneyAppeal is issue 5's "Done when" for appeals: a citizen on a
// 375-px phone submits an appeal and gets a code; ducha dispatches it to
// 教育局; jiaoyu signs and answers; ducha approves the answer; the citizen
// rates it 不满意 on the tracker and it reopens to 教育局; jiaoyu answers
// again, ducha approves, the citizen rates 满意; 教育局's three rates on
// /appeals/rates change.
func TestJourneyAppeal(t *testing.T) {
	j := newJourney(t)
	clock, base, b, ctx, db := j.clock, j.base, j.b, j.ctx, j.app.DB
	var cat, village, unit int64
	for _, q := range []struct {
		sql string
		arg string
		out *int64
	}{
		{`SELECT id FROM appeal_categories WHERE name = ?`, "教育", &cat},
		{`SELECT id FROM regions WHERE name = ?`, "青石村", &village},
		{`SELECT id FROM units WHERE name = ?`, "教育局", &unit},
	} {
		if err := db.QueryRow(ctx, q.sql, q.arg).Scan(q.out); err != nil {
			t.Fatal(err)
		}
	}
	row := fmt.Sprintf(`tr[data-unit="%d"]`, unit)
	rates := func() string {
		b.login(base, "ducha")
		b.step("open the three rates", chromedp.Navigate(base+"/appeals/rates"), chromedp.WaitVisible(chromedp.ID("rates-period")))
		text := b.str("read 教育局's rates", `(document.querySelector('`+row+`') || {innerText: ""}).innerText`)
		b.logout()
		return text
	}
	before := rates()

	const desc = "青石村小学校车停运，孩子每天步行五公里山路上学，请尽快恢复。"
	b.step("citizen opens the form on a 375-px phone",
		chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(base+"/public/appeal"),
		chromedp.WaitVisible(chromedp.ID("appeal-form")),
	)
	if !b.eval("form fits 375 px", `document.documentElement.scrollWidth <= 375`) {
		b.fail("form fits 375 px", fmt.Errorf("horizontal scroll"))
	}
	b.step("citizen fills in and submits",
		chromedp.SetValue(chromedp.ID("category"), strconv.FormatInt(cat, 10)),
		chromedp.SetValue(chromedp.ID("region"), strconv.FormatInt(village, 10)),
		chromedp.SendKeys(chromedp.ID("description"), desc),
		chromedp.SendKeys(chromedp.ID("name"), "王秀英"),
		chromedp.SendKeys(chromedp.ID("phone"), "13911112222"),
		chromedp.Click(chromedp.ID("appeal-submit")),
		chromedp.WaitVisible(chromedp.ID("tracking-code")),
	)
	code := strings.TrimSpace(b.str("read the code", `document.getElementById('tracking-code').innerText`))
	var id int64
	if err := db.QueryRow(ctx, `SELECT id FROM appeals WHERE code = ?`, code).Scan(&id); err != nil {
		b.fail("the code names the appeal", err)
	}
	page := fmt.Sprintf("%s/appeals/%d", base, id)
	b.step("back to a desktop width", chromedp.EmulateViewport(1280, 900))

	state := func(s string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(chromedp.CSS(`#appeal-state[data-state="` + s + `"]`))
	}
	b.login(base, "ducha")
	b.step("ducha dispatches to 教育局",
		chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("act-dispatch")),
		chromedp.SetValue(chromedp.ID("unit-dispatch"), strconv.FormatInt(unit, 10)),
		chromedp.Click(chromedp.ID("act-dispatch")), state("dispatched"))
	b.logout()

	answer := func(text string) {
		b.login(base, "jiaoyu")
		b.step("jiaoyu answers",
			chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("act-answer")),
			chromedp.SendKeys(chromedp.ID("reason-answer"), text),
			chromedp.Click(chromedp.ID("solved-yes")),
			chromedp.Click(chromedp.ID("act-answer")), state("answered"))
		b.logout()
		b.login(base, "ducha")
		b.step("ducha approves the answer",
			chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("act-approve")),
			chromedp.Click(chromedp.ID("act-approve")), state("rating"))
		b.logout()
	}
	b.login(base, "jiaoyu")
	b.step("jiaoyu signs", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("act-sign")),
		chromedp.Click(chromedp.ID("act-sign")), state("signed"))
	b.logout()
	answer("已协调公交公司临时加开校车班次。")

	track := base + "/public/track/" + code
	b.step("citizen rates 不满意 on the tracker",
		chromedp.Navigate(track), chromedp.WaitVisible(chromedp.ID("rate-form")),
		chromedp.Click(chromedp.ID("rating-unsatisfied")),
		chromedp.SendKeys(chromedp.ID("reason"), "只加开了一周，之后又停了。"),
		chromedp.Click(chromedp.ID("rate-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#appeal-state[data-state="signed"]`)))
	var reopened int
	var first string
	if err := db.QueryRow(ctx, `SELECT reopened, rating_first FROM appeals WHERE id = ?`, id).Scan(&reopened, &first); err != nil ||
		reopened != 1 || first != "unsatisfied" {
		b.fail("reopened to 教育局", fmt.Errorf("reopened %d first %q (%v)", reopened, first, err))
	}
	answer("已将该线路纳入长期校车线路，每日两班。")
	b.step("citizen rates 满意",
		chromedp.Navigate(track), chromedp.WaitVisible(chromedp.ID("rate-form")),
		chromedp.Click(chromedp.ID("rating-satisfied")),
		chromedp.Click(chromedp.ID("rate-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#appeal-state[data-state="closed"]`)))
	var final string
	if err := db.QueryRow(ctx, `SELECT rating_final FROM appeals WHERE id = ?`, id).Scan(&final); err != nil || final != "satisfied" {
		b.fail("closed satisfied", fmt.Errorf("final %q (%v)", final, err))
	}
	clock.Set(time.Now().Add(2 * time.Minute)) // past the hot-issue aggregator's minute, if the rates read it
	after := rates()
	t.Logf("教育局 rates: before %q, after %q", before, after)
	// Response, solve, satisfaction (final) and first-round satisfaction as
	// num/den: one more signed in time, one more solved, one more satisfied
	// in the end, and one more first rating that was not satisfied.
	want := [][2]int{{1, 1}, {1, 1}, {1, 1}, {0, 1}}
	pb, pa := ratePairs(before), ratePairs(after)
	if len(pa) < 4 {
		b.fail("the three rates change", fmt.Errorf("after %q", after))
	}
	for i, w := range want {
		var was [2]int
		if i < len(pb) {
			was = pb[i]
		}
		if pa[i][0]-was[0] != w[0] || pa[i][1]-was[1] != w[1] {
			b.fail("the three rates change", fmt.Errorf("figure %d: %v → %v", i, was, pa[i]))
		}
	}
}

// ratePairs reads the "(num/den)" figures of a rates row in order.
func ratePairs(row string) [][2]int {
	var out [][2]int
	for _, part := range strings.Split(row, "(")[1:] {
		var n, d int
		if _, err := fmt.Sscanf(part, "%d/%d)", &n, &d); err == nil {
			out = append(out, [2]int{n, d})
		}
	}
	return out
}

// str evaluates a string expression in the page.
func (b *browser) str(step, expr string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.fail(step, err)
	}
	return v
}
