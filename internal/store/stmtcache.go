package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// Prepared-statement reuse on SQLite. database/sql prepares every Exec and
// Query anew, and SQLite's parser was a fifth to a quarter of the CPU of a
// list page or a task creation (docs/benchmarks.md §3). So DB and Tx keep
// the statements they ran, per pool, and run them again prepared.
// (PostgreSQL's driver, pgx, already caches statements per connection.)
//
// Bounds, since every prepared statement holds memory on every connection
// of its pool: only statements with at most maxStmtArgs placeholders (IN
// lists vary in length and would fill the cache with one-offs; internal/task
// pads its hot ones to a few lengths), and at
// most maxStmts per pool; past that, statements run unprepared as before.
// Entries are never evicted, so a statement handed out is never closed under
// its user.
const (
	maxStmts    = 384
	maxStmtArgs = 72 // the padded IN lists of internal/task (up to 64 ids) and a few more
)

// stmtCache holds one pool's prepared statements by query text.
type stmtCache struct {
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
	full bool
}

// lookup returns q's prepared statement, or nil; wanted tells whether q
// is one to prepare.
func (c *stmtCache) lookup(q string) (s *sql.Stmt, wanted bool) {
	c.mu.RLock()
	s, full := c.m[q], c.full
	c.mu.RUnlock()
	return s, s == nil && !full && strings.Count(q, "?") <= maxStmtArgs
}

// stmt returns q prepared on pool, or nil when q is not to be cached (or
// preparing failed: the caller then runs it unprepared and gets the error).
func (c *stmtCache) stmt(ctx context.Context, pool *sql.DB, q string) *sql.Stmt {
	c.mu.RLock()
	s, full := c.m[q], c.full
	c.mu.RUnlock()
	if s != nil || full || strings.Count(q, "?") > maxStmtArgs {
		return s
	}
	s, err := pool.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.full { // filled, or closed, meanwhile
		s.Close()
		return nil
	}
	if old := c.m[q]; old != nil {
		s.Close()
		return old
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	if len(c.m) >= maxStmts {
		c.full = true
		s.Close()
		return nil
	}
	c.m[q] = s
	return s
}

// close closes every cached statement (DB.Close).
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m, c.full = nil, true
}
