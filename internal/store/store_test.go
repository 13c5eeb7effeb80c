package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"a = '?' AND b = ?", "a = '?' AND b = $1"},
	} {
		if got := store.Postgres.Rebind(tc.in); got != tc.want {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := store.SQLite.Rebind(tc.in); got != tc.in {
			t.Errorf("sqlite Rebind(%q) = %q, want unchanged", tc.in, got)
		}
	}
}

func TestConcurrentWritesNeverBusy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 200
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.InTx(ctx, func(tx *store.Tx) error {
					_, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", fmt.Sprintf("k%d", i), "v")
					return err
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent insert: %v", err)
			}
		}
		var count int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM settings").Scan(&count); err != nil {
			t.Fatal(err)
		}
		if count != n {
			t.Fatalf("rows = %d, want %d", count, n)
		}
	})
}

func TestTimeRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)
		if _, err := db.Exec(ctx, "INSERT INTO login_log (at, username, ip, success, reason) VALUES (?, ?, ?, ?, ?)",
			at, "u", "127.0.0.1", true, "ok"); err != nil {
			t.Fatal(err)
		}
		var got time.Time
		var ok bool
		if err := db.QueryRow(ctx, "SELECT at, success FROM login_log WHERE at >= ?", at).Scan(&got, &ok); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(at) || !ok {
			t.Fatalf("got %v %v, want %v true", got, ok, at)
		}
	})
}

func TestRollback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES ('a', 'b')"); err != nil {
				return err
			}
			return store.ErrConflict
		})
		if err != store.ErrConflict {
			t.Fatalf("InTx = %v, want ErrConflict", err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM settings").Scan(&n)
		if n != 0 {
			t.Fatalf("rolled-back row is there")
		}
	})
}
