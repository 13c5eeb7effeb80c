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
)

// TestJourneyDispatchBriefing is issue 4's journey: ducha schedules a
// dispatch meeting and requests statements, jiaoyu submits one, ducha
// records minutes with two decisions (which become tasks for their units),
// generates the briefing, edits one sentence, publishes it and downloads the
// DOCX and XLSX; the DOCX converts to a PDF that holds the title, the
// 发文字号 and every ranked unit.
func TestJourneyDispatchBriefing(t *testing.T) {
	j := newJourney(t)
	base, b := j.base, j.b
	campaign, _, _ := j.demoIDs()
	j.holdDispatchMeeting("调度通报浏览器测试调度会")

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
