package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Tx is a transaction on the write pool.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	// noCancel drops the cancellation of the statements' contexts (InGroupTx):
	// a statement interrupted on SQLite can roll back the whole transaction,
	// which other callers' work shares.
	noCancel bool
	db       *DB      // for its prepared statements
	want     []string // statements to prepare after the transaction
}

// ctx is the context a statement runs with.
func (t *Tx) ctx(ctx context.Context) context.Context {
	if t.noCancel {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// InTx runs fn in a transaction and commits when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, dialect: db.dialect, db: db}
	defer func() { db.prepareLater(tx.want) }() // in the background: it waits for the connection tx holds
	if err := fn(tx); err != nil {
		return err
	}
	err = sqlTx.Commit()
	db.gen.Add(1) // after the commit, so a cache never pairs old data with the new generation
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Dialect reports the engine.
func (t *Tx) Dialect() Dialect { return t.dialect }

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = t.ctx(ctx)
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.dialect.Rebind(q), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = t.ctx(ctx)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.dialect.Rebind(q), args...)
}

// QueryRow runs a single-row query in the transaction.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = t.ctx(ctx)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.dialect.Rebind(q), args...)
}

// stmt returns the write pool's prepared q bound to this transaction (the
// one write connection: database/sql reuses the statement prepared on it),
// or nil to run q unprepared.
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.db == nil {
		return nil
	}
	if t.db.dialect != SQLite {
		return nil
	}
	// The transaction holds the one write connection, so a statement cannot
	// be prepared on the pool now: note it, and prepareLater does it once
	// the connection is free again.
	st, wanted := t.db.writeStmts.lookup(q)
	if st == nil {
		if wanted {
			t.want = append(t.want, q)
		}
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// prepareLater prepares on the write pool, in the background, the
// statements a finished transaction ran unprepared.
func (db *DB) prepareLater(qs []string) {
	if len(qs) == 0 || db.dialect != SQLite {
		return
	}
	go func() {
		for _, q := range qs {
			db.writeStmts.stmt(context.Background(), db.write, q)
		}
	}()
}

// NotFound turns sql.ErrNoRows into ErrNotFound and wraps other errors with what.
func NotFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func InsertID(ctx context.Context, q Querier, query string, args ...any) (int64, error) {
	var id int64
	if err := q.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}
