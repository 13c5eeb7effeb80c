package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

var errRefused = errors.New("refused")

// insertUnit adds a unit named name inside tx.
func insertUnit(ctx context.Context, tx *store.Tx, name string) error {
	_, err := tx.Exec(ctx, `INSERT INTO units (name, kind, created_at) VALUES (?, 'department', ?)`, name, time.Now().UTC())
	return err
}

// unitNames returns the names of the units whose name starts with prefix.
func unitNames(t *testing.T, db *store.DB, prefix string) map[string]bool {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT name FROM units WHERE name LIKE ?`, prefix+"%")
	if err != nil {
		t.Fatalf("list units: %v", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatalf("scan: %v", err)
		}
		out[n] = true
	}
	return out
}

// TestInGroupTx runs many concurrent callers, every third of which fails
// after writing: the failures' rows are gone, everyone else's are there,
// and each caller got its own outcome.
func TestInGroupTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 60
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := context.Background()
				errs[i] = db.InGroupTx(ctx, func(tx *store.Tx) error {
					if err := insertUnit(ctx, tx, fmt.Sprintf("grp-%02d", i)); err != nil {
						return err
					}
					if i%3 == 0 {
						return fmt.Errorf("caller %d: %w", i, errRefused)
					}
					return nil
				})
			}()
		}
		wg.Wait()
		names := unitNames(t, db, "grp-")
		for i := range n {
			name := fmt.Sprintf("grp-%02d", i)
			switch {
			case i%3 == 0 && !errors.Is(errs[i], errRefused):
				t.Errorf("caller %d: err = %v, want its own refusal", i, errs[i])
			case i%3 == 0 && names[name]:
				t.Errorf("caller %d failed but its row %s was committed", i, name)
			case i%3 != 0 && errs[i] != nil:
				t.Errorf("caller %d: %v", i, errs[i])
			case i%3 != 0 && !names[name]:
				t.Errorf("caller %d succeeded but its row %s is missing", i, name)
			}
		}
	})
}

// TestInGroupTxPanic: a panicking function is rolled back, its caller sees
// the panic, and the writer keeps serving others.
func TestInGroupTxPanic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		got := func() (v any) {
			defer func() { v = recover() }()
			db.InGroupTx(ctx, func(tx *store.Tx) error {
				if err := insertUnit(ctx, tx, "panic-row"); err != nil {
					return err
				}
				panic("boom")
			})
			return nil
		}()
		if got == nil || !strings.Contains(fmt.Sprint(got), "boom") {
			t.Fatalf("recovered %v, want the panic boom", got)
		}
		if err := db.InGroupTx(ctx, func(tx *store.Tx) error { return insertUnit(ctx, tx, "panic-after") }); err != nil {
			t.Fatalf("after the panic: %v", err)
		}
		names := unitNames(t, db, "panic-")
		if names["panic-row"] || !names["panic-after"] {
			t.Fatalf("units %v, want only panic-after", names)
		}
	})
}

// TestInGroupTxCancelled: a context that has ended runs nothing.
func TestInGroupTxCancelled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ran := false
		err := db.InGroupTx(ctx, func(tx *store.Tx) error { ran = true; return nil })
		if !errors.Is(err, context.Canceled) || ran {
			t.Fatalf("err = %v, ran = %v; want context.Canceled and not run", err, ran)
		}
	})
}

// TestInGroupTxWithdrawn: on SQLite a caller whose context ends while its
// function waits behind another group gets ctx.Err() at once and its
// function never runs, while the running group commits.
func TestInGroupTxWithdrawn(t *testing.T) {
	db := storetest.SQLite(t)
	bg := context.Background()
	release, started := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.InGroupTx(bg, func(tx *store.Tx) error {
			close(started)
			<-release
			return insertUnit(bg, tx, "wd-first")
		})
	}()
	<-started
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	ran := false
	err := db.InGroupTx(ctx, func(tx *store.Tx) error { ran = true; return insertUnit(bg, tx, "wd-second") })
	close(release)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("queued caller: err = %v, want DeadlineExceeded", err)
	}
	if err := <-first; err != nil {
		t.Fatalf("running caller: %v", err)
	}
	// One more group proves the writer went on and lets the withdrawn one be dropped.
	if err := db.InGroupTx(bg, func(tx *store.Tx) error { return insertUnit(bg, tx, "wd-third") }); err != nil {
		t.Fatalf("third: %v", err)
	}
	names := unitNames(t, db, "wd-")
	if ran || names["wd-second"] || !names["wd-first"] || !names["wd-third"] {
		t.Fatalf("ran = %v, units %v; want wd-first and wd-third only", ran, names)
	}
}

// TestInGroupTxCancelWhileRunning: cancelling a caller's context while its
// function runs neither interrupts it nor spoils the shared transaction.
func TestInGroupTxCancelWhileRunning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		err := db.InGroupTx(ctx, func(tx *store.Tx) error {
			if err := insertUnit(ctx, tx, "run-a"); err != nil {
				return err
			}
			cancel()
			return insertUnit(ctx, tx, "run-b")
		})
		names := unitNames(t, db, "run-")
		if db.Dialect() == store.SQLite && (err != nil || !names["run-a"] || !names["run-b"]) {
			t.Fatalf("sqlite: err = %v, units %v; want both rows committed", err, names)
		}
		if db.Dialect() == store.Postgres && err == nil && (!names["run-a"] || !names["run-b"]) {
			t.Fatalf("postgres: committed without both rows: %v", names)
		}
	})
}

// TestInGroupTxAuditChain: audit entries recorded by concurrent grouped
// writers, some of which fail after recording, still form a valid chain.
func TestInGroupTxAuditChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		suite, err := crypt.New("std", crypt.GenerateKeys())
		if err != nil {
			t.Fatal(err)
		}
		log := audit.New(db, suite, time.Now)
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: 0, Name: "bench", IP: "127.0.0.1"})
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db.InGroupTx(ctx, func(tx *store.Tx) error {
					if err := log.Record(ctx, tx, audit.Entry{Entity: "unit", EntityID: fmt.Sprint(i), Action: "create"}); err != nil {
						return err
					}
					if i%4 == 0 {
						return errRefused
					}
					return nil
				})
			}()
		}
		wg.Wait()
		res, err := log.Verify(context.Background())
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		if !res.OK() {
			t.Fatalf("chain broken: %+v", res)
		}
		var n int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE actor = 'bench'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 30 {
			t.Fatalf("%d entries, want 30 (40 writers, 10 refused)", n)
		}
	})
}

// TestInGroupTxAfterClose: a closed database refuses instead of hanging.
func TestInGroupTxAfterClose(t *testing.T) {
	db := storetest.SQLite(t)
	bg := context.Background()
	if err := db.InGroupTx(bg, func(tx *store.Tx) error { return insertUnit(bg, tx, "close-a") }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.InGroupTx(bg, func(tx *store.Tx) error { return nil }); err == nil {
		t.Fatal("InGroupTx after Close succeeded")
	}
}
