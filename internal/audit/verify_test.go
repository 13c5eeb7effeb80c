package audit_test

import (
	"context"
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

var testKeys = crypt.Keys{MAC: []byte("0123456789abcdef0123456789abcdef"), Enc: []byte("fedcba9876543210fedcba9876543210")}

func suite(t testing.TB, name string, k crypt.Keys) crypt.Suite {
	t.Helper()
	s, err := crypt.New(name, k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// clock returns a clock that moves one second per call.
func clock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 11, 27, 1, 2, 3, 456789000, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// record appends n entries as user "admin".
func record(t testing.TB, db *store.DB, l *audit.Log, n int) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 7, Name: "admin", IP: "10.0.0.1"})
	for i := 1; i <= n; i++ {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return l.Record(ctx, tx, audit.Entry{Entity: "unit", EntityID: fmt.Sprint(i), Action: "update",
				Before: map[string]any{"name": fmt.Sprintf("旧%d", i)}, After: map[string]any{"name": fmt.Sprintf("新%d", i)}})
		})
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
}

func exec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Raw().Exec(db.Dialect().Rebind(q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func verify(t testing.TB, l *audit.Log) audit.Result {
	t.Helper()
	res, err := l.Verify(context.Background())
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return res
}

func TestVerifyCatchesTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		std := suite(t, "std", testKeys)
		l := audit.New(db, std, clock())
		record(t, db, l, 6)
		res := verify(t, l)
		if !res.OK() || res.Entries != 6 || res.LastID != 6 {
			t.Fatalf("intact chain: %+v", res)
		}
		headID, headHash, err := l.Head(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var last string
		if err := db.QueryRow(context.Background(), "SELECT hash FROM audit_log WHERE id = 6").Scan(&last); err != nil {
			t.Fatal(err)
		}
		if headID != 6 || headHash != last || res.Head != last {
			t.Fatalf("head = %d %s, verify head %s, want 6 %s", headID, headHash, res.Head, last)
		}
		// Tamper with a copy of the rows each time: restore them afterwards.
		snapshot := func() func() {
			exec(t, db, "CREATE TABLE audit_copy AS SELECT * FROM audit_log")
			exec(t, db, "CREATE TABLE head_copy AS SELECT * FROM audit_head")
			return func() {
				exec(t, db, "DELETE FROM audit_log")
				exec(t, db, "INSERT INTO audit_log SELECT * FROM audit_copy")
				exec(t, db, "DELETE FROM audit_head")
				exec(t, db, "INSERT INTO audit_head SELECT * FROM head_copy")
				exec(t, db, "DROP TABLE audit_copy")
				exec(t, db, "DROP TABLE head_copy")
				if r := verify(t, l); !r.OK() {
					t.Fatalf("restored chain does not verify: %+v", r)
				}
			}
		}
		other := suite(t, "std", crypt.GenerateKeys())
		for _, tc := range []struct {
			name   string
			tamper func()
			wantID int64
			reason string
		}{
			{"EditedFieldNamesEntry3", func() {
				exec(t, db, "UPDATE audit_log SET after_value = ? WHERE id = 3", `{"name":"改过"}`)
			}, 3, "content"},
			{"EditedActorNamesEntry3", func() {
				exec(t, db, "UPDATE audit_log SET actor = 'nobody' WHERE id = 3")
			}, 3, "content"},
			{"DeletedEntryNamedMissing", func() {
				exec(t, db, "DELETE FROM audit_log WHERE id = 3")
			}, 3, "missing"},
			{"RecomputedWithOtherKeyStillCaughtAt3", func() {
				recomputeFrom(t, db, other, 3, `{"name":"改过"}`)
			}, 3, "content"},
			{"HeadRowHashEditedNamed", func() {
				exec(t, db, "UPDATE audit_head SET hash = 'ab' WHERE id = 1")
			}, 6, "head"},
			{"DeletedTailWithoutHeadFixNamed", func() {
				exec(t, db, "DELETE FROM audit_log WHERE id > 4")
			}, 5, "head"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				restore := snapshot()
				defer restore()
				tc.tamper()
				res := verify(t, l)
				if res.OK() || res.BrokenID != tc.wantID || res.Kind != tc.reason {
					t.Fatalf("Verify = %+v, want broken at %d (%s)", res, tc.wantID, tc.reason)
				}
			})
		}
		t.Run("DeletedTailWithHeadFixedCaughtByRecordedHead", func(t *testing.T) {
			restore := snapshot()
			defer restore()
			recorded := audit.Head{ID: headID, Hash: headHash}
			exec(t, db, "DELETE FROM audit_log WHERE id > 4")
			exec(t, db, "UPDATE audit_head SET last_id = 4, hash = (SELECT hash FROM audit_log WHERE id = 4)")
			res := verify(t, l)
			if !res.OK() || res.LastID != 4 {
				t.Fatalf("a cut tail with a fixed head verifies on its own: want OK at 4, got %+v", res)
			}
			if res.Head == recorded.Hash || res.LastID == recorded.ID {
				t.Fatal("head unchanged after deleting the tail")
			}
			err := l.CheckRecorded(context.Background(), recorded)
			if err == nil || !strings.Contains(err.Error(), "entry 6") {
				t.Fatalf("CheckRecorded(%v) = %v, want the missing entry 6 named", recorded, err)
			}
		})
		t.Run("RecordedHeadStillMatchesAfterGrowth", func(t *testing.T) {
			record(t, db, l, 2)
			if err := l.CheckRecorded(context.Background(), audit.Head{ID: headID, Hash: headHash}); err != nil {
				t.Fatalf("CheckRecorded on a grown chain: %v", err)
			}
			if res := verify(t, l); !res.OK() || res.LastID != 8 {
				t.Fatalf("grown chain: %+v", res)
			}
		})
	})
}

// recomputeFrom rewrites entry id with a new after value and re-chains it and
// every entry after it with suite s, as an attacker without the key would.
func recomputeFrom(t testing.TB, db *store.DB, s crypt.Suite, id int64, after string) {
	t.Helper()
	exec(t, db, "UPDATE audit_log SET after_value = ? WHERE id = ?", after, id)
	rows := audit.ReadRows(t, db)
	prev := ""
	for _, r := range rows {
		if r.ID >= id {
			r.PrevHash = prev
			r.Hash = s.MAC(r.Canonical())
			exec(t, db, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", r.PrevHash, r.Hash, r.ID)
		}
		prev = r.Hash
	}
	exec(t, db, "UPDATE audit_head SET hash = ? WHERE id = 1", prev)
}

func TestGMSuiteChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		gm := suite(t, "gm", testKeys)
		l := audit.New(db, gm, clock())
		record(t, db, l, 4)
		if res := verify(t, l); !res.OK() || res.Entries != 4 {
			t.Fatalf("SM3 chain: %+v", res)
		}
		// A chain written with the default suite does not verify under gm.
		db2 := storetest.SQLite(t)
		written := audit.New(db2, suite(t, "std", testKeys), clock())
		record(t, db2, written, 3)
		res := verify(t, audit.New(db2, gm, clock()))
		if res.OK() || res.BrokenID != 1 {
			t.Fatalf("std chain under gm = %+v, want broken at 1", res)
		}
	})
}

func TestConcurrentRecordKeepsChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := audit.New(db, suite(t, "std", testKeys), clock())
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		// Verifying while entries are appended must not report a break.
		done := make(chan struct{})
		verified := make(chan error, 1)
		go func() {
			defer close(verified)
			for {
				select {
				case <-done:
					return
				default:
				}
				res, err := l.Verify(context.Background())
				if err == nil && !res.OK() {
					err = fmt.Errorf("verify during appends: %+v", res)
				}
				if err != nil {
					verified <- err
					return
				}
			}
		}()
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := audit.WithActor(context.Background(), audit.Actor{ID: int64(i + 1), Name: fmt.Sprint("u", i), IP: "10.0.0.2"})
				errs <- db.InTx(ctx, func(tx *store.Tx) error {
					return l.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: fmt.Sprint(i), Action: "create", After: i})
				})
			}()
		}
		wg.Wait()
		close(done)
		if err := <-verified; err != nil {
			t.Fatal(err)
		}
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent record: %v", err)
			}
		}
		if res := verify(t, l); !res.OK() || res.Entries != n || res.LastID != n {
			t.Fatalf("after %d concurrent records: %+v", n, res)
		}
	})
}
