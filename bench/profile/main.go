// Command profile drives one API request many times in-process (no network,
// no load tool) against a copy of a bench/seed data set and writes a CPU
// profile, to find where a scenario of bench/api.sh spends its time:
//
//	go run ./bench/profile -dir /tmp/tongchou-bench-data/20k -n 2000 -c 16 \
//	    -method GET -path '/api/v1/campaigns/{c}/tasks' -cpu /tmp/list.pprof
//	go tool pprof -top -cum /tmp/list.pprof
//
// {c} is replaced by the data set's campaign id. -token names the token file
// (ducha.token, the office; jiaoyu.token, the 教育局 liaison). The database is
// copied first (the original stays untouched) and opened with synchronous
// FULL, as serve does.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"tongchou/internal/app"
)

func main() {
	dir := flag.String("dir", "/tmp/tongchou-bench-data/20k", "data set folder (bench/seed -out)")
	n := flag.Int("n", 1000, "requests")
	conc := flag.Int("c", 16, "concurrent clients")
	method := flag.String("method", "GET", "HTTP method")
	path := flag.String("path", "/api/v1/campaigns/{c}/tasks", "request path; {c} = the campaign id")
	body := flag.String("body", "", "request body (JSON)")
	tokenFile := flag.String("token", "ducha.token", "token file in -dir")
	cpu := flag.String("cpu", "", "write a CPU profile here")
	flag.StringVar(&heapFile, "heap", "", "write a heap profile (live objects after start-up) here")
	flag.Parse()
	if err := run(*dir, *n, *conc, *method, *path, *body, *tokenFile, *cpu); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

// heapFile is -heap.
var heapFile string

func run(dir string, n, conc int, method, path, body, tokenFile, cpu string) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "tongchou-profile")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, f := range []string{"bench.db", "key"} {
		if err := copyFile(filepath.Join(dir, f), filepath.Join(tmp, f)); err != nil {
			return err
		}
	}
	campaign, err := os.ReadFile(filepath.Join(dir, "campaign"))
	if err != nil {
		return err
	}
	token, err := os.ReadFile(filepath.Join(dir, tokenFile))
	if err != nil {
		return err
	}
	cfg := app.Config{DB: "sqlite:" + filepath.Join(tmp, "bench.db"), KeyFile: filepath.Join(tmp, "key"), Crypto: "std",
		SQLiteSync: "FULL", LogLevel: "warn", FilesDir: filepath.Join(tmp, "files"), UploadMaxMB: 20}
	a, err := app.New(ctx, cfg, time.Now)
	if err != nil {
		return err
	}
	defer a.Close()
	if heapFile != "" {
		runtime.GC()
		f, err := os.Create(heapFile)
		if err != nil {
			return err
		}
		err = pprof.WriteHeapProfile(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	path = strings.ReplaceAll(path, "{c}", strings.TrimSpace(string(campaign)))
	do := func() (int, time.Duration) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "127.0.0.1:1234"
		w := httptest.NewRecorder()
		start := time.Now()
		a.Handler.ServeHTTP(w, req)
		return w.Code, time.Since(start)
	}
	if code, _ := do(); code >= 300 {
		return fmt.Errorf("%s %s answers %d", method, path, code)
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var next, bad atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				code, d := do()
				if code >= 300 {
					bad.Add(1)
				}
				lat[i] = d
			}
		}()
	}
	wg.Wait()
	took, cpuUsed := time.Since(start), cpuTime()-cpu0
	slices.Sort(lat)
	// CPU per request is the figure that survives a shared machine: wall
	// time and rates depend on what else runs, CPU time much less.
	fmt.Printf("%s %s: %d requests, %d clients, %.0f req/s, p50 %v p95 %v p99 %v, %d errors, CPU %.2f ms/request "+
		"(%.0f req/s per free core)\n", method, path, n, conc, float64(n)/took.Seconds(), lat[n/2], lat[n*95/100], lat[n*99/100],
		bad.Load(), float64(cpuUsed.Microseconds())/1000/float64(n), float64(n)/cpuUsed.Seconds())
	return nil
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if bytes.Equal(b, nil) {
		return io.ErrUnexpectedEOF
	}
	return os.WriteFile(to, b, 0o600)
}
