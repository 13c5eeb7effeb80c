package auth

import (
	"sync"
	"time"
)

// ipThrottle slows password guessing from one address across accounts: after
// freeFailures failures in the window, each further attempt must wait twice as
// long as the one before (capped), counted from the last failure.
type ipThrottle struct {
	mu   sync.Mutex
	now  func() time.Time
	seen map[string]*ipFailures
}

type ipFailures struct {
	count int
	last  time.Time
}

const (
	freeFailures   = 5
	throttleWindow = 15 * time.Minute
	maxWait        = 60 * time.Second
)

func newIPThrottle(now func() time.Time) *ipThrottle {
	return &ipThrottle{now: now, seen: map[string]*ipFailures{}}
}

// wait returns how long ip must still wait before its next attempt.
func (t *ipThrottle) wait(ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.seen[ip]
	now := t.now()
	if f == nil || now.Sub(f.last) > throttleWindow {
		delete(t.seen, ip)
		return 0
	}
	if f.count < freeFailures {
		return 0
	}
	d := time.Second << min(f.count-freeFailures, 6)
	d = min(d, maxWait)
	if left := f.last.Add(d).Sub(now); left > 0 {
		return left
	}
	return 0
}

func (t *ipThrottle) fail(ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.seen[ip]
	if f == nil || t.now().Sub(f.last) > throttleWindow {
		f = &ipFailures{}
		t.seen[ip] = f
	}
	f.count++
	f.last = t.now()
	if len(t.seen) > 100000 { // bound memory under a spray from many addresses
		clear(t.seen)
	}
}

func (t *ipThrottle) succeed(ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.seen, ip)
}
