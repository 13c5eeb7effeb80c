package e2e

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyDuchaSignsInSwitchesLanguageAndSignsOut is the journey of issue 2:
// the office signs in, sees the home page in Chinese naming 青石镇, switches to
// English, and signs out; along the way the page fits a 375-px phone and the
// browser never asks another origin for anything.
func TestJourneyDuchaSignsInSwitchesLanguageAndSignsOut(t *testing.T) {
	base := startApp(t)
	b := newBrowser(t)
	b.do("open / and land on the login page",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.HasPrefix(loc, base+"/login") {
		b.fail("redirect to login", errors.New("landed on "+loc))
	}

	b.do("sign in as ducha",
		chromedp.SendKeys(chromedp.ID("username"), "ducha"),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("logout")),
	)
	zh := b.text("read the Chinese home page")
	for _, want := range []string{"青石镇", "退出"} {
		if !strings.Contains(zh, want) {
			b.fail("home page in Chinese", errors.New("no "+want+" in:\n"+zh))
		}
	}
	if !b.eval("page language", `document.documentElement.lang === "zh-CN"`) {
		b.fail("page language", errors.New("html lang is not zh-CN"))
	}

	b.do("narrow to a 375-px phone", chromedp.EmulateViewport(375, 812), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("main")))
	if !b.eval("measure width", `document.documentElement.scrollWidth <= 375`) {
		w, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		b.fail("no horizontal scroll at 375 px", fmt.Errorf("scrollWidth %d", w))
	}
	b.do("back to a desktop width", chromedp.EmulateViewport(1280, 900), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("lang-switch")))

	b.do("switch to English",
		chromedp.Click(chromedp.ID("lang-switch")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] #logout`)),
	)
	en := b.text("read the English home page")
	if !strings.Contains(en, "Log out") || !strings.Contains(en, "Hello") {
		b.fail("home page in English", errors.New("no English text in:\n"+en))
	}

	b.do("sign out",
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.HasPrefix(loc, base+"/login") {
		b.fail("land on the login page after sign-out", errors.New("landed on "+loc))
	}

	if n := b.requested(base + "/static/"); n == 0 {
		t.Errorf("the browser fetched no asset from %s/static/: the request log is not working", base)
	}
	if f := b.foreign(base); len(f) > 0 {
		t.Errorf("requests to another origin: %v", f)
	}
}
