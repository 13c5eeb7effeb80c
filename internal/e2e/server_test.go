package e2e

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

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
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
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
		Now:   time.Now,
		Ready: func(url string) { ready <- url },
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
		return url
	case err := <-errc:
		errc <- err // let the cleanup see it too
		t.Fatalf("serve did not start: %v\n%s", err, out.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve not ready after 60 s\n%s", out.String())
	}
	return ""
}
