package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Group commit. On SQLite every transaction waits for its own fsync of the
// WAL (synchronous FULL) on the one write connection, so concurrent writers
// get at most one commit per fsync between them. InGroupTx lets them share
// it: one goroutine takes the queued functions, runs each inside its own
// SAVEPOINT of one transaction and commits once; every caller gets its own
// result only after that COMMIT returned, so an acknowledged write is as
// durable as with InTx.

// maxGroup bounds how many functions share one transaction, so one commit
// never waits behind an unbounded queue.
const maxGroup = 128

// ErrGroupAborted is returned to a function's caller when its work was
// rolled back because the shared transaction failed for another reason
// (a failed COMMIT or a savepoint SQLite could no longer roll back to).
var ErrGroupAborted = errors.New("group transaction aborted")

// Request states: a queued request may still be withdrawn by its caller;
// once the writer has claimed it, the caller waits for the outcome.
const (
	reqQueued int32 = iota
	reqRunning
	reqCancelled
)

type groupReq struct {
	ctx   context.Context
	fn    func(tx *Tx) error
	state atomic.Int32
	err   error
	panic *groupPanic
	done  chan struct{}
}

// groupPanic carries a panic from the writer goroutine back to the caller.
type groupPanic struct {
	value any
	stack []byte
}

func (p *groupPanic) String() string {
	return fmt.Sprintf("panic in group transaction: %v\n%s", p.value, p.stack)
}

// grouper is the writer goroutine's queue, started on first use.
type grouper struct {
	once sync.Once
	stop sync.Once
	reqs chan *groupReq
	quit chan struct{}
	wg   sync.WaitGroup
}

// InGroupTx runs fn in a transaction that it may share with other callers
// of InGroupTx, and returns after that transaction committed (fn's changes
// are then durable) or after fn's changes were rolled back (fn returned an
// error, which InGroupTx returns; or it panicked, which InGroupTx re-panics
// in the caller's goroutine). Another caller's failure never undoes fn's
// changes: each fn runs in its own savepoint.
//
// Rules for fn, beyond those of InTx: it must not call InTx or InGroupTx
// (the writer would wait for itself), must not keep tx, and should be short
// (everyone in the group waits for the slowest). It runs on another
// goroutine with ctx's values but not its cancellation: once started it runs
// to the end, since an interrupted statement could roll back the whole
// group on SQLite. A caller whose ctx ends while fn is still queued gets
// ctx.Err() and fn never runs. On PostgreSQL, where commits of separate
// connections already overlap, InGroupTx is InTx.
func (db *DB) InGroupTx(ctx context.Context, fn func(tx *Tx) error) error {
	if db.dialect != SQLite {
		return db.InTx(ctx, fn)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	g := &db.group
	g.once.Do(func() { db.startGroup(true) })
	req := &groupReq{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case <-g.quit:
		return fmt.Errorf("group transaction: %w", errClosed)
	default:
	}
	select {
	case g.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.quit:
		return fmt.Errorf("group transaction: %w", errClosed)
	}
	select {
	case <-req.done:
	case <-ctx.Done():
		if req.state.CompareAndSwap(reqQueued, reqCancelled) {
			return ctx.Err()
		}
		<-req.done // already running: its outcome is what happened
	}
	if req.panic != nil {
		panic(req.panic.String())
	}
	return req.err
}

var errClosed = errors.New("database closed")

// startGroup makes the queue and, when run, starts the writer goroutine.
func (db *DB) startGroup(run bool) {
	g := &db.group
	g.reqs = make(chan *groupReq, maxGroup)
	g.quit = make(chan struct{})
	if !run {
		return
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		for {
			select {
			case <-g.quit:
				return
			case first := <-g.reqs:
				batch := []*groupReq{first}
			gather:
				for len(batch) < maxGroup {
					select {
					case r := <-g.reqs:
						batch = append(batch, r)
					default:
						break gather
					}
				}
				db.runGroup(batch)
			}
		}
	}()
}

// stopGroup ends the writer goroutine (DB.Close); callers still queued get
// an error.
func (db *DB) stopGroup() {
	g := &db.group
	g.once.Do(func() { db.startGroup(false) })
	g.stop.Do(func() { close(g.quit) })
	g.wg.Wait()
	for {
		select {
		case r := <-g.reqs:
			r.err = fmt.Errorf("group transaction: %w", errClosed)
			close(r.done)
		default:
			return
		}
	}
}

// runGroup runs one batch in one transaction and answers every request.
func (db *DB) runGroup(batch []*groupReq) {
	var live []*groupReq
	for _, r := range batch {
		switch {
		case !r.state.CompareAndSwap(reqQueued, reqRunning):
			close(r.done) // withdrawn by its caller, who already returned
		case r.ctx.Err() != nil:
			r.err = r.ctx.Err()
			close(r.done)
		default:
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	done := live
	defer func() {
		for _, r := range done {
			close(r.done)
		}
	}()
	sqlTx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		failAll(live, fmt.Errorf("begin: %w", err))
		return
	}
	tx := &Tx{tx: sqlTx, dialect: db.dialect, noCancel: true, db: db}
	defer func() { db.prepareLater(tx.want) }()
	ok := 0
	for i, r := range live {
		if err := runSaved(tx, r); err != nil {
			// The savepoint is gone (SQLite rolled the whole transaction
			// back): nothing run so far can commit; the rest, never run,
			// go into a new transaction.
			sqlTx.Rollback()
			done = live[:i+1]
			failAll(done, fmt.Errorf("%w: %w", ErrGroupAborted, err))
			db.runGroup(requeue(live[i+1:]))
			return
		}
		if r.err == nil && r.panic == nil {
			ok++
		}
	}
	if ok == 0 {
		sqlTx.Rollback()
		return
	}
	err = sqlTx.Commit()
	db.gen.Add(1)
	if err != nil {
		failAll(live, fmt.Errorf("%w: commit: %w", ErrGroupAborted, err))
	}
}

// requeue hands the not-yet-run rest of an aborted batch to a new
// transaction: they were never run, so they are queued requests again.
func requeue(rest []*groupReq) []*groupReq {
	for _, r := range rest {
		r.state.Store(reqQueued)
	}
	return rest
}

// failAll sets err on every request that had no error of its own.
func failAll(reqs []*groupReq, err error) {
	for _, r := range reqs {
		if r.err == nil && r.panic == nil {
			r.err = err
		}
	}
}

// runSaved runs r.fn inside a savepoint and rolls back to it when fn fails
// or panics. It returns an error only when the savepoint itself failed.
func runSaved(tx *Tx, r *groupReq) error {
	if _, err := tx.tx.ExecContext(context.Background(), "SAVEPOINT grp"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	func() {
		defer func() {
			if v := recover(); v != nil {
				r.panic = &groupPanic{value: v, stack: debug.Stack()}
			}
		}()
		r.err = r.fn(tx)
	}()
	if r.err != nil || r.panic != nil {
		if _, err := tx.tx.ExecContext(context.Background(), "ROLLBACK TO grp"); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
	}
	if _, err := tx.tx.ExecContext(context.Background(), "RELEASE grp"); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}
