// Package jobs runs background work in-process from a database-backed job
// table: restarts lose nothing (the state is in the database) and a due run is
// executed by one worker only, even with several app nodes on one database.
//
// A worker claims a due job with one atomic UPDATE that sets a lease (see
// claim.go); a run that outlives its lease (the worker crashed) is taken over
// by another worker. Effects inside Tongchou use Once (job_effects) or their
// own unique key so a run repeated after a crash changes nothing twice.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"tongchou/internal/store"
)

// Func is the work of a job. It should keep its effects idempotent with
// run.Key: the same due run may be executed again after a crash.
type Func func(ctx context.Context, run Run) error

// Run is one execution of a job.
type Run struct {
	ID           int64     // job_runs.id
	Job          string    // the job's name
	ScheduledFor time.Time // the due time claimed; the same when a run is retried
	Now          time.Time // the scheduler clock when the run started
}

// Key is an idempotency key for an effect of this due run: the same on a
// retry after a crash, different for the next scheduled run.
func (r Run) Key(part string) string {
	return "job:" + r.Job + "@" + r.ScheduledFor.UTC().Format(time.RFC3339Nano) + ":" + part
}

type registered struct {
	schedule Schedule
	fn       Func
}

// Scheduler claims and runs due jobs. Tests call RunDue directly; serve calls
// Start and Stop.
type Scheduler struct {
	db    *store.DB
	now   func() time.Time
	owner string
	// Lease is how long a claimed run stays claimed without renewal: a live
	// worker renews it every Renew, so only a dead worker's run is taken over.
	Lease time.Duration
	// Renew is how often (wall-clock) a running job's lease is extended by
	// Lease from the scheduler's clock; it must be well under Lease.
	Renew time.Duration
	// Tick is how often the background loop looks for due jobs.
	Tick time.Duration

	mu   sync.Mutex
	jobs map[string]registered
	stop context.CancelFunc
	done chan struct{}
}

// New returns a scheduler on db with the clock now.
func New(db *store.DB, now func() time.Time) *Scheduler {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &Scheduler{db: db, now: now, owner: fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b)),
		Lease: 5 * time.Minute, Renew: time.Minute, Tick: 15 * time.Second, jobs: map[string]registered{}}
}

// Owner names this scheduler in leases and run records.
func (s *Scheduler) Owner() string { return s.owner }

// Register adds a job by name. Call it before Sync, RunDue or Start.
func (s *Scheduler) Register(name string, sched Schedule, fn Func) {
	if !sched.Valid() || name == "" || fn == nil {
		panic(fmt.Sprintf("jobs: invalid registration of %q (%s)", name, sched))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[name] = registered{schedule: sched, fn: fn}
}

// names lists the registered jobs, sorted.
func (s *Scheduler) names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.jobs))
	for n := range s.jobs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (s *Scheduler) lookup(name string) (registered, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.jobs[name]
	return r, ok
}

// Sync writes the registered jobs into the table: a new job gets its first
// run time; a job whose schedule changed is rescheduled by the new one; an
// existing job keeps its state, so a restart loses nothing.
func (s *Scheduler) Sync(ctx context.Context) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	for _, name := range s.names() {
		r, _ := s.lookup(name)
		_, err := s.db.Exec(ctx, `INSERT INTO jobs (name, schedule, next_run_at, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET next_run_at = CASE WHEN jobs.schedule = excluded.schedule
				THEN jobs.next_run_at ELSE excluded.next_run_at END, schedule = excluded.schedule`,
			name, r.schedule.String(), r.schedule.first(now), now)
		if err != nil {
			return fmt.Errorf("sync job %s: %w", name, err)
		}
	}
	return nil
}

// Start syncs the jobs and runs due ones every Tick until Stop or ctx ends.
func (s *Scheduler) Start(ctx context.Context) error {
	if err := s.Sync(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	s.stop, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		t := time.NewTicker(s.Tick)
		defer t.Stop()
		for {
			if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
				slog.Error("jobs: run due", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return nil
}

// Stop ends the loop and waits for a run in progress to finish.
func (s *Scheduler) Stop() {
	if s.stop == nil {
		return
	}
	s.stop()
	<-s.done
}

// RunDue runs every job due now, one after another, and returns how many ran.
func (s *Scheduler) RunDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		c, ok, err := s.claim(ctx)
		if err != nil {
			return n, err
		}
		if !ok {
			return n, nil
		}
		s.execute(ctx, c)
		n++
	}
	return n, ctx.Err()
}

// execute runs a claimed job and records its outcome; a panic is an error
// outcome, not a crash of the server.
func (s *Scheduler) execute(ctx context.Context, c claimed) {
	r, _ := s.lookup(c.name)
	stop := s.keepLease(ctx, c)
	defer stop()
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return r.fn(ctx, c.run)
	}()
	if err != nil {
		slog.Warn("jobs: run failed", "job", c.name, "run", c.run.ID, "err", err)
	}
	if ferr := s.finish(context.WithoutCancel(ctx), c, r.schedule, err); ferr != nil {
		slog.Error("jobs: record outcome", "job", c.name, "err", ferr)
	}
}
