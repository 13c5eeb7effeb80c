package app

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// opsConfig is a configuration on a fresh SQLite file in a temporary folder.
func opsConfig(t *testing.T) Config {
	t.Helper()
	dir := t.TempDir()
	return Config{DB: "sqlite:" + dir + "/t.db", KeyFile: dir + "/k", Crypto: "std", LogFormat: "text",
		LogLevel: "error", SQLiteSync: "OFF", SecureCookies: true, ShutdownWait: 10 * time.Second}
}

// opsApp wires the whole program on a fresh SQLite file.
func opsApp(t *testing.T) *App {
	t.Helper()
	a, err := New(context.Background(), opsConfig(t), time.Now)
	if err != nil {
		t.Fatalf("new app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func opsGet(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestHealthz(t *testing.T) {
	a := opsApp(t)
	t.Run("OKWhileTheDatabaseAnswers", func(t *testing.T) {
		rec := opsGet(t, a.Handler, "/healthz")
		if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
			t.Fatalf("GET /healthz = %d %q, want 200 ok", rec.Code, rec.Body.String())
		}
	})
	t.Run("UnavailableOnceTheDatabaseIsClosed", func(t *testing.T) {
		a.DB.Close()
		rec := opsGet(t, a.Handler, "/healthz")
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("GET /healthz with the database closed = %d, want 503", rec.Code)
		}
	})
}

func TestMetricsExposeRequestsLatencyAndPool(t *testing.T) {
	a := opsApp(t)
	opsGet(t, a.Handler, "/healthz")
	opsGet(t, a.Handler, "/no-such-page")
	body := opsGet(t, a.Handler, "/metrics").Body.String()
	for _, want := range []string{
		`tongchou_http_requests_total{route="GET /healthz",status="200"}`,
		`tongchou_http_requests_total{route="/",status="404"}`,
		`tongchou_http_request_duration_seconds_bucket{route="GET /healthz",le="0.005"}`,
		`tongchou_http_request_duration_seconds_count{route="GET /healthz"}`,
		`go_sql_open_connections{db_name="write"}`,
		`go_sql_max_open_connections{db_name="write"} 1`,
		`go_sql_max_open_connections{db_name="read"}`,
		`go_sql_wait_count_total{db_name="write"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// runServe starts serve through Main.Run, as cmd/tongchou does, and returns
// its base URL, the cancel that stands for SIGTERM, and Run's result.
func runServe(t *testing.T, extra ...string) (string, context.CancelFunc, <-chan error) {
	t.Helper()
	cfg := opsConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Ready: func(u string) { ready <- u }}
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", cfg.DB, "--key-file", cfg.KeyFile,
		"--sqlite-sync", "OFF", "--log-level", "error"}, extra...)
	errc := make(chan error, 1)
	go func() { errc <- m.Run(ctx, args) }()
	t.Cleanup(cancel)
	select {
	case u := <-ready:
		return u, cancel, errc
	case err := <-errc:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve not ready after 30 s")
	}
	return "", cancel, errc
}

// TestShutdownLetsInFlightRequestsFinish sends a login whose body arrives in
// two parts, stops the server between them, and expects the request to be
// answered and Run to return cleanly.
func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	base, stop, errc := runServe(t)
	addr := strings.TrimPrefix(base, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	body := "username=admin&password=wrong-password"
	head := "POST /login HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(conn, head+body[:10]); err != nil {
		t.Fatalf("write first part: %v", err)
	}
	time.Sleep(200 * time.Millisecond) // the server is now reading the body
	stop()
	waitRefused(t, addr) // Shutdown has closed the listener: it is draining
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatalf("write second part: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no response: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("in-flight login answered %d, want 401 (bad credentials)", resp.StatusCode)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve returned %v after a graceful shutdown, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("serve did not return after the in-flight request finished")
	}
}

func waitRefused(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the listener still accepts connections 10 s after the stop")
}

// lockedBuffer is an output the commands write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func runCommand(args ...string) (stdout, stderr string, err error) {
	var out, errOut lockedBuffer
	m := &Main{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err = m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

func TestServeHelpListsEveryFlagWithItsEnvironmentVariable(t *testing.T) {
	_, help, err := runCommand("serve", "--help")
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("serve --help = %v, want flag.ErrHelp", err)
	}
	var c Config
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	c.flags(fs, func(string) string { return "" })
	c.serveFlags(fs, func(string) string { return "" })
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if !strings.Contains(help, "-"+f.Name) {
			t.Errorf("serve --help does not list --%s", f.Name)
		}
		if !strings.Contains(f.Usage, "env TONGCHOU_") {
			t.Errorf("--%s does not name its environment variable: %q", f.Name, f.Usage)
		}
	})
	if n < 8 {
		t.Errorf("serve has %d flags, want at least 8 (addr, db, demo, key-file, crypto, log, …)", n)
	}
}

func TestCommands(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []string
		wantErr    bool
		wantOut    string
		wantStderr string
	}{
		{"VersionPrints", []string{"version"}, false, "tongchou " + Version, ""},
		{"HelpPrintsUsage", []string{"help"}, false, "tongchou serve", ""},
		{"UnknownCommandFails", []string{"frobnicate"}, true, "", "usage:"},
		{"NoCommandFails", nil, true, "", "usage:"},
		{"AuditWithoutVerifyFails", []string{"audit"}, true, "", ""},
		{"BackupWithoutFileFails", []string{"backup", "--db", "sqlite:" + t.TempDir() + "/x.db"}, true, "", ""},
		{"BadCryptoFails", []string{"serve", "--crypto", "rot13"}, true, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runCommand(tc.args...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("tongchou %v: err = %v, want error %v", tc.args, err, tc.wantErr)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("stdout %q lacks %q", out, tc.wantOut)
			}
			if !strings.Contains(errOut, tc.wantStderr) {
				t.Errorf("stderr %q lacks %q", errOut, tc.wantStderr)
			}
		})
	}
}
