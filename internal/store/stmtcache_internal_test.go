package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStatementsPrepared: statements run in transactions are prepared on the
// write pool once the transaction is over and reused afterwards; reads are
// prepared on the read pool; long placeholder lists are not cached.
func TestStatementsPrepared(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"), Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const ins = `INSERT INTO units (name, kind, created_at) VALUES (?, 'department', ?)`
	insert := func(name string) {
		t.Helper()
		if err := db.InTx(ctx, func(tx *Tx) error { _, err := tx.Exec(ctx, ins, name, time.Now().UTC()); return err }); err != nil {
			t.Fatalf("insert %s: %v", name, err)
		}
	}
	insert("prep-1")
	deadline := time.Now().Add(5 * time.Second)
	for st, _ := db.writeStmts.lookup(ins); st == nil; st, _ = db.writeStmts.lookup(ins) {
		if time.Now().After(deadline) {
			t.Fatal("the insert was never prepared after its transaction")
		}
		time.Sleep(10 * time.Millisecond)
	}
	insert("prep-2") // now through the prepared statement
	if err := db.InGroupTx(ctx, func(tx *Tx) error { _, err := tx.Exec(ctx, ins, "prep-3", time.Now().UTC()); return err }); err != nil {
		t.Fatal(err)
	}
	const sel = `SELECT COUNT(*) FROM units WHERE name LIKE ?`
	for range 2 {
		var n int
		if err := db.QueryRow(ctx, sel, "prep-%").Scan(&n); err != nil || n != 3 {
			t.Fatalf("count = %d, %v; want 3", n, err)
		}
	}
	if st, _ := db.readStmts.lookup(sel); st == nil {
		t.Fatal("the read was not prepared")
	}
	long := `SELECT COUNT(*) FROM units WHERE id IN (?` + strings.Repeat(", ?", maxStmtArgs) + `)`
	args := make([]any, maxStmtArgs+1)
	for i := range args {
		args[i] = i
	}
	var n int
	if err := db.QueryRow(ctx, long, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if st, wanted := db.readStmts.lookup(long); st != nil || wanted {
		t.Fatal("a long IN list was cached")
	}
}
