package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJourneyNoticeAndLibrary: ducha publishes a notice with an attachment
// to 教育局, jiaoyu finds it first in the list and confirms it, ducha sees
// the receipt; then ducha uploads a new version of the work plan in the
// campaign library, reached from the notices page.
func TestJourneyNoticeAndLibrary(t *testing.T) {
	base, a := startClockedApp(t, time.Now)
	b := newBrowser(t)
	b.do("start the browser", chromedp.Navigate("about:blank"))
	ctx := context.Background()
	var edu int64
	if err := a.DB.QueryRow(ctx, `SELECT id FROM units WHERE name = '教育局'`).Scan(&edu); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	attachment := filepath.Join(dir, "议程.txt")
	plan := filepath.Join(dir, "工作方案（第三稿）.txt")
	for _, f := range []string{attachment, plan} {
		if err := os.WriteFile(f, []byte("演示文件内容\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const title = "关于参加第三次调度会的通知"

	b.login(base, "ducha")
	b.step("publish the notice",
		chromedp.Navigate(base+"/bulletins"),
		chromedp.Click(chromedp.ID("bulletin-new")),
		chromedp.WaitVisible(chromedp.ID("bulletin-form")),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("body"), "请教育局主要负责同志参会并汇报。"),
		chromedp.Click(chromedp.ID(fmt.Sprintf("unit-%d", edu))),
		chromedp.SetUploadFiles(chromedp.ID("bulletin-file"), []string{attachment}),
		chromedp.Click(chromedp.ID("bulletin-publish")),
		chromedp.WaitVisible(chromedp.ID("receipts")),
	)
	if txt := b.text("notice page"); !strings.Contains(txt, "议程.txt") || !strings.Contains(txt, "0 / 1") {
		t.Fatalf("the published notice lacks its attachment or receipts: %s", txt)
	}
	b.logout()

	b.login(base, "jiaoyu")
	b.step("open the list", chromedp.Navigate(base+"/bulletins"), chromedp.WaitVisible(chromedp.ID("bulletins")))
	if !b.eval("unread first", `document.querySelector("#bulletins tbody tr").innerText.includes("`+title+`")`) {
		t.Fatal("the unconfirmed notice is not first in jiaoyu's list")
	}
	href, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#bulletins tbody tr a").getAttribute("href")`))
	if err != nil {
		b.fail("read the link", err)
	}
	b.step("confirm", chromedp.Navigate(base+href), chromedp.Click(chromedp.ID(fmt.Sprintf("confirm-%d", edu))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#my-receipt-%d .bulletin-confirmed", edu))))
	b.logout()

	b.login(base, "ducha")
	b.step("see the receipt", chromedp.Navigate(base+href), chromedp.WaitVisible(chromedp.ID("receipts")))
	if txt := b.text("receipts"); !strings.Contains(txt, "1 / 1") || !strings.Contains(txt, "孙教") {
		t.Fatalf("the sender does not see jiaoyu's receipt: %s", txt)
	}
	b.step("open the library from the notices page", chromedp.Navigate(base+"/bulletins"),
		chromedp.Click(chromedp.CSS(`#libraries a`)), chromedp.WaitVisible(chromedp.ID("cat-plan")))
	var doc int64
	if err := a.DB.QueryRow(ctx, `SELECT id FROM library_docs WHERE title = '专项活动工作方案'`).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	b.step("upload a third version",
		chromedp.Navigate(fmt.Sprintf("%s/library/%d", base, doc)),
		chromedp.SendKeys(chromedp.ID("ver-note"), "第三稿"),
		chromedp.SetUploadFiles(chromedp.ID("ver-file"), []string{plan}),
		chromedp.Click(chromedp.ID("library-version")),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	if txt := b.text("versions"); !strings.Contains(txt, "v3") || !strings.Contains(txt, "v1") || !strings.Contains(txt, "第三稿") {
		t.Fatalf("the history lacks the new version: %s", txt)
	}
}
