package appeal_test

import (
	"context"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
)

// BenchmarkSubmit measures the store's intake alone (no HTTP, no challenge):
// validation, sealing, the insert, the timeline row and the audit entry in
// one transaction, on SQLite with synchronous=FULL (each appeal durable
// before Submit returns), from 32 goroutines per -cpu (64 at -cpu 2, the
// issue's 64 concurrent clients).
func BenchmarkSubmit(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), store.Options{Synchronous: benchSync})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	suite, _ := crypt.New("std", crypt.GenerateKeys())
	now := func() time.Time { return time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC) }
	s := appeal.New(db, audit.New(db, suite, now), suite, nil, now)
	var village int64
	err = db.InTx(ctx, func(tx *store.Tx) error {
		village, err = store.InsertID(ctx, tx, `INSERT INTO regions (level, name, created_at) VALUES ('village', '石桥村', ?)`, now())
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	cats, _ := s.Categories(ctx)
	var n atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			_, err := s.Submit(ctx, appeal.Intake{CategoryID: cats[int(i)%len(cats)].ID, RegionID: village,
				Description: "村口路灯坏了，夜里出行不安全。", Name: "张三", Phone: "13800138000",
				IdempotencyKey: "bench-" + strconv.FormatInt(i, 10)})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appeals/s")
	if g, n := s.GroupStats(); g > 0 {
		b.ReportMetric(float64(n)/float64(g), "appeals/commit")
	}
}

// benchSync is the synchronous pragma of BenchmarkSubmit (FULL: durable).
var benchSync = "FULL"
