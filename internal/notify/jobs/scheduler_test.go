package jobs_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// clock is a settable test clock shared by schedulers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func runDue(t *testing.T, s *jobs.Scheduler) int {
	t.Helper()
	n, err := s.RunDue(context.Background())
	if err != nil {
		t.Fatalf("RunDue: %v", err)
	}
	return n
}

func job(t *testing.T, db *store.DB, name string) jobs.Job {
	t.Helper()
	all, err := jobs.List(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range all {
		if j.Name == name {
			return j
		}
	}
	t.Fatalf("job %s not in the table", name)
	return jobs.Job{}
}

func TestRunDueRecordsOutcomeAndNextRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		s := jobs.New(db, clk.Now)
		calls := map[string]int{}
		s.Register("ok", jobs.Every(time.Hour), func(ctx context.Context, r jobs.Run) error { calls["ok"]++; return nil })
		s.Register("fails", jobs.Every(time.Hour), func(ctx context.Context, r jobs.Run) error {
			calls["fails"]++
			return errors.New("smtp down")
		})
		s.Register("panics", jobs.Every(time.Hour), func(ctx context.Context, r jobs.Run) error { calls["panics"]++; panic("boom") })
		s.Register("daily", jobs.Daily(9, 20), func(ctx context.Context, r jobs.Run) error { calls["daily"]++; return nil })
		if err := s.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := runDue(t, s); n != 3 {
			t.Fatalf("first RunDue ran %d jobs, want the 3 interval jobs (it is 09:00 in Shanghai; daily waits for 09:20)", n)
		}
		if n := runDue(t, s); n != 0 {
			t.Fatalf("RunDue again at the same time ran %d, want 0", n)
		}
		if j := job(t, db, "ok"); j.LastOutcome != "ok" || j.Runs != 1 || !j.NextRunAt.Equal(clk.Now().Add(time.Hour)) || j.LeaseOwner != "" {
			t.Fatalf("ok job after run = %+v", j)
		}
		if j := job(t, db, "fails"); j.LastOutcome != "error" || j.LastError != "smtp down" {
			t.Fatalf("failing job = %+v", j)
		}
		if j := job(t, db, "panics"); j.LastOutcome != "error" || j.LastError != "panic: boom" {
			t.Fatalf("panicking job = %+v", j)
		}
		clk.Advance(30 * time.Minute) // 09:30 Shanghai: daily (09:20) is due, hourly ones are not
		if n := runDue(t, s); n != 1 || calls["daily"] != 1 {
			t.Fatalf("at 09:30 CST ran %d (daily %d), want only the daily job", n, calls["daily"])
		}
		clk.Advance(30 * time.Minute)
		if n := runDue(t, s); n != 3 {
			t.Fatalf("an hour later ran %d, want 3", n)
		}
		runs, err := jobs.RecentRuns(context.Background(), db, "ok", 10)
		if err != nil || len(runs) != 2 || runs[0].Outcome != "ok" || runs[0].FinishedAt.IsZero() {
			t.Fatalf("runs of ok = %+v, %v", runs, err)
		}
		if calls["ok"] != 2 || calls["fails"] != 2 || calls["panics"] != 2 {
			t.Fatalf("calls = %v", calls)
		}
	})
}

func TestSyncKeepsStateAcrossRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		fn := func(ctx context.Context, r jobs.Run) error { return nil }
		s1 := jobs.New(db, clk.Now)
		s1.Register("a", jobs.Every(time.Hour), fn)
		if err := s1.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		runDue(t, s1)
		clk.Advance(10 * time.Minute)
		s2 := jobs.New(db, clk.Now) // the restarted process
		s2.Register("a", jobs.Every(time.Hour), fn)
		if err := s2.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := runDue(t, s2); n != 0 {
			t.Fatalf("restart re-ran a job that was not due (%d)", n)
		}
		s3 := jobs.New(db, clk.Now) // a new version with a new schedule reschedules it
		s3.Register("a", jobs.Every(5*time.Minute), fn)
		if err := s3.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if j := job(t, db, "a"); j.Schedule != "every 5m0s" || j.Runs != 1 {
			t.Fatalf("after schedule change = %+v", j)
		}
	})
}

// openSecond opens another connection pool on the same database, as a second
// app node would.
func openSecond(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	other, err := store.Open(context.Background(), db.URL(), store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatalf("open second handle: %v", err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

func TestTwoSchedulersRunEachDueRunOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		var mu sync.Mutex
		executed := map[string]int{}
		names := []string{"j1", "j2", "j3", "j4", "j5", "j6"}
		nodes := []*jobs.Scheduler{jobs.New(db, clk.Now), jobs.New(openSecond(t, db), clk.Now)}
		for _, s := range nodes {
			for _, n := range names {
				s.Register(n, jobs.Every(time.Hour), func(ctx context.Context, r jobs.Run) error {
					mu.Lock()
					executed[r.Job]++
					mu.Unlock()
					time.Sleep(2 * time.Millisecond) // widen the window for the other node
					return nil
				})
			}
			if err := s.Sync(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		for round := 1; round <= 3; round++ {
			var wg sync.WaitGroup
			total := make([]int, len(nodes))
			for i, s := range nodes {
				wg.Go(func() {
					for range 3 { // each node polls several times
						n, err := s.RunDue(context.Background())
						if err != nil {
							t.Errorf("node %d: %v", i, err)
						}
						total[i] += n
					}
				})
			}
			wg.Wait()
			if total[0]+total[1] != len(names) {
				t.Fatalf("round %d: nodes ran %v, want %d in all", round, total, len(names))
			}
			for _, n := range names {
				if executed[n] != round {
					t.Fatalf("round %d: %s executed %d times, want %d", round, n, executed[n], round)
				}
			}
			clk.Advance(time.Hour)
		}
	})
}

func TestCrashedRunIsRetriedAndItsEffectHappensOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		var mu sync.Mutex
		invocations, applied := 0, 0
		work := func(crash bool) jobs.Func {
			return func(ctx context.Context, r jobs.Run) error {
				mu.Lock()
				invocations++
				mu.Unlock()
				err := db.InTx(ctx, func(tx *store.Tx) error {
					first, err := jobs.Once(ctx, tx, r, r.Key("notice"))
					if first {
						mu.Lock()
						applied++
						mu.Unlock()
					}
					return err
				})
				if err != nil {
					return err
				}
				if crash {
					runtime.Goexit() // the worker dies after the effect committed, before the outcome is recorded
				}
				return nil
			}
		}
		crashing := jobs.New(db, clk.Now)
		crashing.Register("escalate", jobs.Every(24*time.Hour), work(true))
		if err := crashing.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); crashing.RunDue(context.Background()) }()
		<-done

		survivor := jobs.New(openSecond(t, db), clk.Now)
		survivor.Register("escalate", jobs.Every(24*time.Hour), work(false))
		if n := runDue(t, survivor); n != 0 {
			t.Fatalf("a run under a live lease was taken over (%d)", n)
		}
		clk.Advance(survivor.Lease + time.Second)
		if n := runDue(t, survivor); n != 1 {
			t.Fatalf("after the lease expired RunDue ran %d, want the retried run", n)
		}
		if invocations != 2 || applied != 1 {
			t.Fatalf("invocations %d, effect applied %d times; want 2 and 1", invocations, applied)
		}
		var effects int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM job_effects`).Scan(&effects); err != nil || effects != 1 {
			t.Fatalf("job_effects rows = %d, %v", effects, err)
		}
		runs, err := jobs.RecentRuns(context.Background(), db, "escalate", 10)
		if err != nil || len(runs) != 2 || runs[0].Outcome != "ok" || runs[1].Outcome != "lost" ||
			!runs[0].ScheduledFor.Equal(runs[1].ScheduledFor) {
			t.Fatalf("runs = %+v, %v; want the lost run and its retry of the same due time", runs, err)
		}
		if j := job(t, db, "escalate"); j.Runs != 1 || j.LastOutcome != "ok" || j.LeaseOwner != "" {
			t.Fatalf("job after retry = %+v", j)
		}
	})
}

// TestLongRunKeepsItsLease: a run that outlasts Lease is not taken over while
// its worker is alive, because the worker renews the lease.
func TestLongRunKeepsItsLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		release, started := make(chan struct{}), make(chan struct{})
		long := jobs.New(db, clk.Now)
		long.Renew = 10 * time.Millisecond
		long.Register("report", jobs.Every(24*time.Hour), func(ctx context.Context, r jobs.Run) error {
			close(started)
			<-release
			return nil
		})
		if err := long.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		done := make(chan int)
		go func() { n, _ := long.RunDue(context.Background()); done <- n }()
		<-started
		clk.Advance(long.Lease + time.Minute)
		deadline := time.Now().Add(10 * time.Second)
		for job(t, db, "report").LeaseUntil.Before(clk.Now()) {
			if time.Now().After(deadline) {
				t.Fatal("the lease was never renewed")
			}
			time.Sleep(5 * time.Millisecond)
		}
		other := jobs.New(openSecond(t, db), clk.Now)
		other.Register("report", jobs.Every(24*time.Hour), func(ctx context.Context, r jobs.Run) error { return nil })
		if n := runDue(t, other); n != 0 {
			t.Fatalf("another worker took over a live run (%d)", n)
		}
		close(release)
		if n := <-done; n != 1 {
			t.Fatalf("the long run's RunDue = %d, want 1", n)
		}
		if j := job(t, db, "report"); j.Runs != 1 || j.LastOutcome != "ok" || j.LeaseOwner != "" {
			t.Fatalf("job after the long run = %+v", j)
		}
	})
}
