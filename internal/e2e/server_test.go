package e2e

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tongchou/internal/app"
)

// demoPassword is the password of every demo account in the journeys.
const demoPassword = "Journey-2026-pw!"

// syncBuffer collects the program's output from its goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startApp runs "tongchou serve --demo" in-process on a fresh SQLite file and
// returns its base URL; the server stops when the test ends.
func startApp(t *testing.T) string {
	t.Helper()
	url, _ := startClockedApp(t, time.Now)
	return url
}

// startClockedApp is startApp on the given clock, returning the wired App too
// (through Main.OnApp) for the job scheduler and database checks.
func startClockedApp(t *testing.T, now func() time.Time) (string, *app.App) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	wired := make(chan *app.App, 1)
	var out syncBuffer
	m := &app.Main{
		Stdout: &out,
		Stderr: &out,
		Getenv: func(k string) string {
			if k == "TONGCHOU_DEMO_PASSWORD" {
				return demoPassword
			}
			return ""
		},
		Now:   now,
		Ready: func(url string) { ready <- url },
		OnApp: func(a *app.App) { wired <- a },
	}
	errc := make(chan error, 1)
	go func() {
		errc <- m.Run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0",
			"--db", "sqlite:" + dir + "/t.db", "--key-file", dir + "/k", "--sqlite-sync", "OFF"})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("serve ended with %v\n%s", err, out.String())
		}
	})
	select {
	case url := <-ready:
		return url, <-wired
	case err := <-errc:
		errc <- err // let the cleanup see it too
		t.Fatalf("serve did not start: %v\n%s", err, out.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve not ready after 60 s\n%s", out.String())
	}
	return "", nil
}

// journey is what a browser journey starts with: the demo served in-process
// on a movable clock, a started browser, and checks on the database.
type journey struct {
	t     *testing.T
	clock *testClock
	base  string
	app   *app.App
	b     *browser
	ctx   context.Context
}

func newJourney(t *testing.T) *journey {
	t.Helper()
	clock := &testClock{}
	base, a := startClockedApp(t, clock.Now)
	b := newBrowser(t)
	// The first action starts Chromium on the tab's own context; steps with
	// a shorter limit come after it, or their end would close the browser.
	b.do("start the browser", chromedp.Navigate("about:blank"))
	return &journey{t: t, clock: clock, base: base, app: a, b: b, ctx: context.Background()}
}

// exists is a wait condition: the count query q finds more than zero rows.
func (j *journey) exists(q string, args ...any) func() (bool, error) {
	return func() (bool, error) {
		var n int
		err := j.app.DB.QueryRow(j.ctx, q, args...).Scan(&n)
		return n > 0, err
	}
}

// demoIDs reads the demo campaign and the units 教育局 and 青石镇人民政府.
func (j *journey) demoIDs() (campaign, jiaoyu, qingshi int64) {
	j.t.Helper()
	for q, dst := range map[string]*int64{`SELECT MIN(id) FROM campaigns`: &campaign,
		`SELECT id FROM units WHERE name = '教育局'`: &jiaoyu, `SELECT id FROM units WHERE name = '青石镇人民政府'`: &qingshi} {
		if err := j.app.DB.QueryRow(j.ctx, q).Scan(dst); err != nil {
			j.t.Fatal(err)
		}
	}
	return campaign, jiaoyu, qingshi
}
