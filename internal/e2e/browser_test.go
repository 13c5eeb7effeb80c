package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// installHint is what a machine without Chromium needs; the journey fails
// with it rather than skipping, so CI cannot pass without a browser.
const installHint = "apt-get install -y --no-install-recommends chromium fonts-noto-cjk"

// chromiumPath is TONGCHOU_CHROMIUM, else chromium on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TONGCHOU_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TONGCHOU_CHROMIUM=%s: %v; install it with: %s", p, err, installHint)
		}
		return p
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("no Chromium: set TONGCHOU_CHROMIUM or run as root: %s", installHint)
	}
	return p
}

// browser is one headless Chromium tab that records every URL it requests.
type browser struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	urls []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	b := &browser{t: t}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(b.listen))
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	b.ctx = ctx
	return b
}

// listen runs in the tab's event loop: it only records, fast.
func (b *browser) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		b.mu.Lock()
		b.urls = append(b.urls, e.Request.URL)
		b.mu.Unlock()
	}
}

// requested counts the requested URLs that start with prefix.
func (b *browser) requested(prefix string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, u := range b.urls {
		if strings.HasPrefix(u, prefix) {
			n++
		}
	}
	return n
}

// foreign returns the requested URLs that are not on base.
func (b *browser) foreign(base string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, u := range b.urls {
		if !strings.HasPrefix(u, base+"/") && u != base && !strings.HasPrefix(u, "data:") {
			out = append(out, u)
		}
	}
	return out
}

// do runs a step; on failure it saves a screenshot to a temporary folder
// (kept after the test, so it can be looked at) and stops the test.
func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.fail(step, err)
	}
}

func (b *browser) fail(step string, err error) {
	b.t.Helper()
	shot := ""
	if png, serr := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); serr == nil {
		if dir, derr := os.MkdirTemp("", "tongchou-e2e-"); derr == nil {
			shot = filepath.Join(dir, "failure.png")
			if werr := os.WriteFile(shot, png, 0o644); werr != nil {
				shot = ""
			}
		}
	}
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	b.t.Fatalf("%s: %v (at %s; screenshot: %s)", step, err, loc, shot)
}

// text is the visible text of the page.
func (b *browser) text(step string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		b.fail(step, err)
	}
	return s
}

// eval evaluates a boolean expression in the page.
func (b *browser) eval(step, expr string) bool {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		b.fail(step, err)
	}
	return v
}
