package appealstat

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"tongchou/internal/store"
)

// The hot page changes only when the aggregation job counts new appeals, so a built page is
// kept until the job's watermark moves, for at most hotCacheFor (names of categories and
// regions may change without it), and at most hotCacheSize periods are kept.
const (
	hotCacheFor  = time.Minute
	hotCacheSize = 64
)

type hotKey struct {
	p    Period
	lang string
}

type hotEntry struct {
	mark  mark
	built time.Time
	page  hotPage
}

// mark is the aggregation job's watermark: the page is stale when it moved.
type mark struct {
	lastID int64
	at     time.Time
}

type hotCache struct {
	mu      sync.Mutex
	entries map[hotKey]hotEntry
}

// get returns the cached page for k if it was built at m within hotCacheFor of now.
func (c *hotCache) get(k hotKey, m mark, now time.Time) (hotPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.mark != m || now.Sub(e.built) > hotCacheFor || now.Before(e.built) {
		return hotPage{}, false
	}
	return e.page, true
}

func (c *hotCache) put(k hotKey, m mark, now time.Time, p hotPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= hotCacheSize {
		c.entries = map[hotKey]hotEntry{}
	}
	c.entries[k] = hotEntry{mark: m, built: now, page: p}
}

// readMark reads the watermark; zero before the job's first run.
func readMark(ctx context.Context, q store.Querier) (mark, error) {
	var m mark
	var at sql.NullTime
	err := q.QueryRow(ctx, `SELECT last_id, updated_at FROM appealstat_marks WHERE name = 'hot'`).Scan(&m.lastID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return mark{}, nil
	}
	if err != nil {
		return m, fmt.Errorf("read watermark: %w", err)
	}
	m.at = at.Time.UTC()
	return m, nil
}
