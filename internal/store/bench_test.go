package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tongchou/internal/store"
)

// BenchmarkConcurrentCreates inserts rows from many goroutines at once,
// one transaction each (InTx) or sharing commits (InGroupTx, "grouped"),
// on SQLite, with the synchronous setting the product uses
// (FULL) and the one tests use (OFF). The single-connection write pool queues
// writers inside the process, so no writer ever sees "database is locked"
// (SQLITE_BUSY); the benchmark fails if one does.
func BenchmarkConcurrentCreates(b *testing.B) {
	for _, c := range []struct {
		sync  string
		group bool
	}{{"FULL", false}, {"OFF", false}, {"FULL", true}, {"OFF", true}} {
		sync, inTx := c.sync, (*store.DB).InTx
		name := "sync=" + sync
		if c.group {
			inTx, name = (*store.DB).InGroupTx, name+"/grouped"
		}
		b.Run(name, func(b *testing.B) {
			url := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
			db, err := store.Open(context.Background(), url, store.Options{Synchronous: sync})
			if err != nil {
				b.Fatalf("open: %v", err)
			}
			defer db.Close()
			var seq, failed, locked atomic.Int64
			b.SetParallelism(8) // 8 goroutines per core: far more writers than the one connection
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					n := seq.Add(1)
					err := inTx(db, ctx, func(tx *store.Tx) error {
						_, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES (?, ?, ?)`,
							fmt.Sprintf("单位 %d", n), "department", time.Now().UTC())
						return err
					})
					if err != nil {
						failed.Add(1)
						if msg := err.Error(); strings.Contains(msg, "locked") || strings.Contains(msg, "BUSY") {
							locked.Add(1)
						}
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(locked.Load()), "locked-errors")
			if failed.Load() > 0 {
				b.Fatalf("%d of %d creates failed (%d with database is locked)", failed.Load(), seq.Load(), locked.Load())
			}
			var rows int64
			if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM units`).Scan(&rows); err != nil {
				b.Fatalf("count: %v", err)
			}
			if rows < seq.Load() {
				b.Fatalf("%d rows after %d acknowledged creates", rows, seq.Load())
			}
		})
	}
}
