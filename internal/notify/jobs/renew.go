package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// keepLease extends a running job's lease every s.Renew until the returned
// stop is called, so a run longer than Lease is not taken over by another
// worker while its own worker is alive. A worker that dies stops renewing
// (the ticker goroutine ends with stop, deferred by the worker), and the
// lease then expires as before.
func (s *Scheduler) keepLease(ctx context.Context, c claimed) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(s.Renew)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				until := s.now().UTC().Add(s.Lease)
				if _, err := s.db.Exec(context.WithoutCancel(ctx), `UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?`,
					until, c.id, c.token); err != nil {
					slog.Warn("jobs: renew lease", "job", c.name, "err", err)
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
