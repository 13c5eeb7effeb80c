package task

import (
	"context"
	"fmt"
	"sync"
	"time"

	"tongchou/internal/workday"
)

// Read caches for the lists. Every entry remembers the database's write
// generation (store.DB.Generation) read BEFORE it was loaded and is used only
// while the generation has not moved, so within one process a cached value
// is never older than the last committed write. Another process writing the
// same database (a second server, the CLI) does not move this process's
// generation: cacheMaxAge bounds how long such a change can go unseen.
// Under a steady stream of writes the caches simply miss and the lists do
// the queries they did before.
const cacheMaxAge = 2 * time.Second

// readCache holds the cached values of one Store.
type readCache struct {
	mu       sync.Mutex
	calendar cached[*workday.Calendar]
	rules    map[int64]cached[lightRules]
	tags     map[int64]cached[[]string]
	counts   map[string]cached[int]
	compare  map[int64]*compareEntry // compare_fast.go
	lights   lightsCache
}

// lightsCache keeps the lights fillLights computed, all of one generation
// and one day: a light depends only on stored data and today.
type lightsCache struct {
	gen   uint64
	today string
	at    time.Time
	m     map[int64]lightEntry
}

type lightEntry struct {
	light Light
	why   []Reason
}

// maxLights bounds the lights cache (about 100 bytes an entry).
const maxLights = 20000

// lightsHit fills the lights of ts from the cache when it holds all of them.
func (c *readCache) lightsHit(ts []Task, gen uint64, today string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := &c.lights
	if l.gen != gen || l.today != today || time.Since(l.at) >= cacheMaxAge {
		return false
	}
	for i := range ts {
		if _, ok := l.m[ts[i].ID]; !ok {
			return false
		}
	}
	for i := range ts {
		e := l.m[ts[i].ID]
		ts[i].Light, ts[i].lightWhy = e.light, append([]Reason{}, e.why...)
	}
	return true
}

// lightsKeep stores the lights of ts, computed at generation gen on today.
func (c *readCache) lightsKeep(ts []Task, gen uint64, today string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := &c.lights
	if l.gen != gen || l.today != today || l.m == nil || len(l.m)+len(ts) > maxLights || time.Since(l.at) >= cacheMaxAge {
		l.gen, l.today, l.at, l.m = gen, today, time.Now(), make(map[int64]lightEntry, len(ts))
	}
	for i := range ts {
		l.m[ts[i].ID] = lightEntry{light: ts[i].Light, why: append([]Reason{}, ts[i].lightWhy...)}
	}
}

// cached is one value with the generation and time it was loaded at.
type cached[T any] struct {
	v   T
	gen uint64
	at  time.Time
	ok  bool
}

// fresh reports whether c may still be used at generation gen.
func (c cached[T]) fresh(gen uint64) bool {
	return c.ok && c.gen == gen && time.Since(c.at) < cacheMaxAge
}

// maxCounts bounds the count cache: filters are user input, so their number is not.
const maxCounts = 256

func newReadCache() *readCache {
	return &readCache{rules: map[int64]cached[lightRules]{}, tags: map[int64]cached[[]string]{},
		counts: map[string]cached[int]{}, compare: map[int64]*compareEntry{}}
}

// calendar returns the working-day calendar, cached.
func (s *Store) calendar(ctx context.Context) (*workday.Calendar, error) {
	c := s.cache
	gen := s.db.Generation()
	c.mu.Lock()
	e := c.calendar
	c.mu.Unlock()
	if e.fresh(gen) {
		return e.v, nil
	}
	cal, err := workday.Load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.calendar = cached[*workday.Calendar]{v: cal, gen: gen, at: time.Now(), ok: true}
	c.mu.Unlock()
	return cal, nil
}

// rulesOf returns a campaign's light rules, cached.
func (s *Store) rulesOf(ctx context.Context, campaign int64) (lightRules, error) {
	c := s.cache
	gen := s.db.Generation()
	c.mu.Lock()
	e := c.rules[campaign]
	c.mu.Unlock()
	if e.fresh(gen) {
		return e.v, nil
	}
	r, err := campaignRules(ctx, s.db, campaign)
	if err != nil {
		return r, err
	}
	c.mu.Lock()
	if len(c.rules) > maxCounts {
		clear(c.rules)
	}
	c.rules[campaign] = cached[lightRules]{v: r, gen: gen, at: time.Now(), ok: true}
	c.mu.Unlock()
	return r, nil
}

// countOf runs a COUNT(*) query, cached by its text and arguments.
func (s *Store) countOf(ctx context.Context, q string, args []any) (int, error) {
	c := s.cache
	gen := s.db.Generation()
	key := cacheKey(q, args)
	c.mu.Lock()
	e := c.counts[key]
	c.mu.Unlock()
	if e.fresh(gen) {
		return e.v, nil
	}
	var n int
	if err := s.db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, err
	}
	c.mu.Lock()
	if len(c.counts) >= maxCounts {
		clear(c.counts)
	}
	c.counts[key] = cached[int]{v: n, gen: gen, at: time.Now(), ok: true}
	c.mu.Unlock()
	return n, nil
}

// cacheKey is a query and its arguments as one string.
func cacheKey(q string, args []any) string {
	b := []byte(q)
	for _, a := range args {
		b = append(b, 0)
		b = fmt.Appendf(b, "%T:%v", a, a)
	}
	return string(b)
}
