package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyPortalPhone: a citizen on a 375-px phone finds a transferred
// village by its old county's name, the page's own script solves the
// challenge (the fallback question disappears), the appeal goes in, and the
// tracker fits the screen too. Nothing is loaded from another origin.
func TestJourneyPortalPhone(t *testing.T) {
	base := startApp(t)
	b := newBrowser(t)
	b.do("start the browser", chromedp.Navigate("about:blank"))
	b.step("open the portal on a 375-px phone",
		chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(base+"/public"),
		chromedp.WaitVisible(chromedp.ID("go-appeal")),
	)
	fits := func(step string) {
		if !b.eval(step, `document.documentElement.scrollWidth <= 375`) {
			b.fail(step, fmt.Errorf("page wider than 375 px"))
		}
	}
	fits("portal home fits 375 px")
	b.step("find a village by the county it came from",
		chromedp.Click(chromedp.ID("go-appeal")),
		chromedp.WaitVisible(chromedp.ID("q")),
		// the search form is a plain GET: its result page is what matters
		chromedp.Navigate(base+"/public/appeal?q="+url.QueryEscape("东山县")),
		chromedp.WaitVisible(chromedp.ID("appeal-form")),
	)
	fits("appeal form fits 375 px")
	opts := b.str("villages offered", `Array.from(document.querySelectorAll('#region option')).map(o => o.textContent).join('|')`)
	if !strings.Contains(opts, "青石村") || strings.Contains(opts, "东门社区") {
		b.fail("villages offered", fmt.Errorf("search by the former county gave %q", opts))
	}
	b.step("the script solves the challenge",
		chromedp.WaitNotVisible(chromedp.CSS(`[data-pow-fallback]`)),
	)
	b.step("fill in and submit",
		chromedp.SetValue(chromedp.ID("category"), b.str("first category", `document.querySelector('#category option[value]:not([value=""])').value`)),
		chromedp.SetValue(chromedp.ID("region"), b.str("first village", `document.querySelector('#region option[value]:not([value=""])').value`)),
		chromedp.SendKeys(chromedp.ID("description"), "<script>alert(1)</script> 村道路灯不亮"),
		chromedp.Click(chromedp.ID("appeal-submit")),
		chromedp.WaitVisible(chromedp.ID("tracking-code")),
	)
	fits("code page fits 375 px")
	b.step("open the tracker",
		chromedp.Click(chromedp.ID("track-link")),
		chromedp.WaitVisible(chromedp.CSS(`#appeal-state[data-state]`)),
	)
	fits("tracker fits 375 px")
	if f := b.foreign(base); len(f) > 0 {
		b.fail("no external assets", fmt.Errorf("requests to other origins: %v", f))
	}
}
