package e2e

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"tongchou/internal/docx/docxtest"
	"tongchou/internal/ui"
)

// TestJourneyDispatchBriefing is issue 4's journey: ducha schedules a
// dispatch meeting and requests statements, jiaoyu submits one, ducha
// records minutes with two decisions (which become tasks for their units),
// generates the briefing, edits one sentence, publishes it and downloads the
// DOCX and XLSX; the DOCX converts to a PDF that holds the title, the
// 发文字号 and every ranked unit.
func TestJourneyDispatchBriefing(t *testing.T) {
	j := newJourney(t)
	clock, base, b, ctx, db, one := j.clock, j.base, j.b, j.ctx, j.app.DB, j.exists
	campaign, jiaoyu, qingshi := j.demoIDs()
	now := clock.Now().In(ui.Shanghai)
	const title = "调度通报浏览器测试调度会"

	b.login(base, "ducha")
	b.step("schedule the meeting",
		chromedp.Navigate(base+"/meetings/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SetValue(chromedp.ID("campaign"), fmt.Sprint(campaign)),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SetValue(chromedp.ID("held_at"), now.AddDate(0, 0, 2).Format("2006-01-02")+"T09:30"),
		chromedp.SendKeys(chromedp.ID("place"), "区委第一会议室"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`for (const o of document.querySelectorAll("#units option")) o.selected = [%d, %d].includes(Number(o.value))`, jiaoyu, qingshi)),
		submitBy(chromedp.ID("meeting-save")),
		chromedp.WaitVisible(chromedp.ID("statements-request")),
	)
	var meeting int64
	if err := db.QueryRow(ctx, `SELECT id FROM meetings WHERE title = ?`, title).Scan(&meeting); err != nil {
		b.fail("the meeting is stored", err)
	}
	meetingURL := fmt.Sprintf("%s/meetings/%d", base, meeting)
	b.step("request statements",
		chromedp.SetValue(chromedp.ID("statement_due"), now.AddDate(0, 0, 1).Format("2006-01-02")+"T17:00"),
		submitBy(chromedp.ID("statements-request")),
	)
	b.waitFor("statements are requested", one(`SELECT COUNT(*) FROM meetings WHERE id = ? AND statement_due IS NOT NULL`, meeting))
	b.logout()

	b.login(base, "jiaoyu")
	b.step("submit the statement",
		chromedp.Navigate(meetingURL),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("statement-%d", jiaoyu))),
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("statement-%d", jiaoyu)), "教育局：教师交流轮岗方案已完成初稿。"),
		submitBy(chromedp.ID(fmt.Sprintf("statement-submit-%d", jiaoyu))),
	)
	b.waitFor("the statement is in", one(`SELECT COUNT(*) FROM meeting_units WHERE meeting_id = ? AND unit_id = ? AND statement_at IS NOT NULL`, meeting, jiaoyu))
	b.logout()

	b.login(base, "ducha")
	b.step("write the minutes",
		chromedp.Navigate(meetingURL),
		chromedp.WaitVisible(chromedp.ID("minutes-text")),
		chromedp.SendKeys(chromedp.ID("minutes-text"), "会议听取了教育局、青石镇的汇报，研究了下一步工作。"),
		submitBy(chromedp.ID("minutes-publish")),
	)
	for i, d := range []struct {
		text string
		unit int64
	}{{"青石镇中心小学教师周转房改造", jiaoyu}, {"青石镇农贸市场提升改造", qingshi}} {
		b.step(fmt.Sprintf("add decision %d", i+1),
			chromedp.Navigate(meetingURL),
			chromedp.WaitVisible(chromedp.ID("decision-add")),
			chromedp.SendKeys(chromedp.ID("d-text"), d.text),
			chromedp.SetValue(chromedp.ID("d-lead"), fmt.Sprint(d.unit)),
			chromedp.SetValue(chromedp.ID("d-deadline"), now.AddDate(0, 1, 0).Format("2006-01-02")),
			submitBy(chromedp.ID("decision-add")),
		)
	}
	b.step("publish the decisions", chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.ID("decisions-publish")),
		submitBy(chromedp.ID("decisions-publish")))
	b.waitFor("the two decisions are tasks of their units", one(`SELECT COUNT(*) - 1 FROM meeting_decisions d JOIN tasks t ON t.id = d.task_id
		WHERE d.meeting_id = ? AND t.source = 'meeting' AND t.lead_unit_id IN (?, ?)`, meeting, jiaoyu, qingshi))

	b.step("generate the briefing",
		chromedp.Navigate(fmt.Sprintf("%s/briefings/new?campaign=%d", base, campaign)),
		chromedp.WaitVisible(chromedp.ID("briefing-generate-submit")),
		submitBy(chromedp.ID("briefing-generate-submit")),
		chromedp.WaitVisible(chromedp.ID("section_intro")),
	)
	const edited = "为进一步压实各单位工作责任"
	b.step("edit one sentence",
		chromedp.Evaluate[chromedp.Void](`void (document.getElementById("section_intro").value =
			document.getElementById("section_intro").value.replace(/^为全面掌握[^，]*推进情况，压紧压实工作责任/, "`+edited+`"))`),
		submitBy(chromedp.ID("briefing-save")),
		chromedp.WaitVisible(chromedp.ID("briefing-publish")),
	)
	if !b.eval("the edit is kept", `document.getElementById("section_intro").value.startsWith("`+edited+`")`) {
		b.fail("the edited sentence is kept", errors.New("the intro does not start with the edit"))
	}
	b.step("publish", submitBy(chromedp.ID("briefing-publish")), chromedp.WaitVisible(chromedp.ID("briefing-number")))
	number, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("briefing-number").textContent`))
	if err != nil || !strings.Contains(number, "〔") {
		b.fail("the briefing is numbered", fmt.Errorf("number %q (%v)", number, err))
	}
	if b.eval("the published text is not a form", `!!document.getElementById("briefing-edit")`) {
		b.fail("a published briefing is frozen", errors.New("the edit form is still there"))
	}
	titleText, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
	docx := b.download("download the DOCX", "briefing-docx")
	xlsx := b.download("download the XLSX", "briefing-xlsx")

	ranked := rankedInWorkbook(t, xlsx)
	if len(ranked) == 0 {
		t.Fatal("the workbook ranks no unit")
	}
	text := docxtest.PDFText(t, docx)
	for _, want := range append([]string{titleText, number, edited}, ranked...) {
		if !strings.Contains(text, docxtest.Squeeze(want)) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if f := b.foreign(base); len(f) > 0 {
		t.Errorf("requests to another origin: %v", f)
	}
}

// download fetches the link with the given id in the page (with the
// browser's session) and returns the file's bytes.
func (b *browser) download(step, link string) []byte {
	b.t.Helper()
	b.step(step, chromedp.Evaluate[chromedp.Void](`void (window.__dl = null, fetch(document.getElementById("`+link+`").href)
		.then(r => r.ok ? r.blob() : Promise.reject(new Error("status " + r.status)))
		.then(blob => new Promise(done => { const fr = new FileReader(); fr.onload = () => done(fr.result); fr.readAsDataURL(blob); }))
		.then(u => { window.__dl = u; }, e => { window.__dl = "error:" + e.message; }))`))
	b.waitFor(step+" finishes", func() (bool, error) {
		return chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__dl !== null`))
	})
	u, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`window.__dl`))
	if err != nil || strings.HasPrefix(u, "error:") {
		b.fail(step, fmt.Errorf("%s %v", u, err))
	}
	data, err := base64.StdEncoding.DecodeString(u[strings.Index(u, ",")+1:])
	if err != nil {
		b.fail(step, err)
	}
	return data
}

// rankedInWorkbook lists the units with a rank on the workbook's 排名 sheet.
func rankedInWorkbook(t *testing.T, data []byte) []string {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("排名")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		if len(r) >= 2 && r[0] != "" && strings.Trim(r[0], "0123456789") == "" {
			out = append(out, r[1])
		}
	}
	return out
}
