// Package store opens the database (SQLite or PostgreSQL), applies the embedded
// migrations and offers one query surface for both engines.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Error kinds the ui layer maps to HTTP statuses.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// Querier is what DB and Tx have in common, so a query function can run inside
// or outside a transaction. Placeholders are written as ? for both engines.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB holds a read pool and a write pool. On SQLite the write pool has a single
// connection so concurrent writers queue in Go instead of failing with
// SQLITE_BUSY; on PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	url     string
	group   grouper // InGroupTx's writer (SQLite)
	gen     atomic.Uint64
	// prepared statements of the write and read pools (SQLite; stmtcache.go)
	writeStmts, readStmts stmtCache
}

// Generation counts the writes committed through this DB value (InTx,
// InGroupTx, Exec), bumped after each commit. A cache that reads it before
// loading and keeps what it loaded with it is fresh while Generation has not
// moved. It knows nothing of other processes or of writes through Raw or
// Pools: caches that must see those bound their age as well.
func (db *DB) Generation() uint64 { return db.gen.Load() }

// DefaultURL is the embedded default database.
const DefaultURL = "sqlite:./data/tongchou.db"

// Options tunes Open.
type Options struct {
	// Synchronous is SQLite's synchronous pragma; FULL unless set, so an
	// acknowledged write survives a power cut.
	Synchronous string
}

// Open connects to url ("sqlite:PATH" or "postgres://…") and migrates the schema.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	db, err := open(url, opt)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func open(url string, opt Options) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(url, strings.TrimPrefix(url, "sqlite:"), opt)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		pool, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(32)
		pool.SetMaxIdleConns(8)
		return &DB{dialect: Postgres, write: pool, read: pool, url: url}, nil
	default:
		return nil, fmt.Errorf("database url %q: want sqlite:PATH or postgres://…", url)
	}
}

func openSQLite(url, path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite url without a path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	sync := opt.Synchronous
	if sync == "" {
		sync = "FULL"
	}
	// busy_timeout first so the other pragmas wait instead of failing.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")&_time_format=sqlite"
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite reader: %w", err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	return &DB{dialect: SQLite, write: write, read: read, url: url}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.dialect == SQLite {
		db.stopGroup()
		db.writeStmts.close()
		db.readStmts.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// URL is the url the database was opened with.
func (db *DB) URL() string { return db.url }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Exec runs a statement on the write pool.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	var res sql.Result
	var err error
	if st := db.prepared(ctx, &db.writeStmts, db.write, q); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = db.write.ExecContext(ctx, db.dialect.Rebind(q), args...)
	}
	db.gen.Add(1) // even on error: a statement may have changed rows before failing
	return res, err
}

// Query runs a query on the read pool.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := db.prepared(ctx, &db.readStmts, db.read, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, db.dialect.Rebind(q), args...)
}

// QueryRow runs a single-row query on the read pool.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := db.prepared(ctx, &db.readStmts, db.read, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, db.dialect.Rebind(q), args...)
}

// prepared returns q prepared on pool from cache c, or nil to run q unprepared
// (PostgreSQL, whose driver caches by itself; or a query not to be cached).
func (db *DB) prepared(ctx context.Context, c *stmtCache, pool *sql.DB, q string) *sql.Stmt {
	if db.dialect != SQLite {
		return nil
	}
	return c.stmt(ctx, pool, q)
}

// Pools returns the write and read pools (the same pool on PostgreSQL).
func (db *DB) Pools() (write, read *sql.DB) { return db.write, db.read }

// Raw gives the write pool for tools that need database/sql directly
// (migrations, backup, tests that tamper with rows).
func (db *DB) Raw() *sql.DB { return db.write }
