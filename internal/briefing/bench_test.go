package briefing_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tongchou/internal/briefing"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/workday"
)

// Benchmark size: the 100,000 tasks and 1,000,000 reports.
const (
	benchTasks   = 100_000
	benchReports = 1_000_000
	benchTo      = "2026-09-15"
	benchFrom    = "2026-09-01"
)

// BenchmarkCompute generates a briefing's figures on SQLite with 100,000
// tasks and 1,000,000 reports. The database is built once (about a minute)
// in TONGCHOU_BENCH_DB, or a temporary file, and reused when it exists:
//
//	TONGCHOU_BENCH_DB=/tmp/briefing-bench.db go test -run '^$' -bench Compute -benchtime 5x ./internal/briefing
func BenchmarkCompute(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("TONGCHOU_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	db, err := store.Open(ctx, "sqlite:"+path, store.Options{Synchronous: "OFF"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if statErr != nil {
		start := time.Now()
		if err := seedBench(ctx, db); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d tasks and %d reports in %s", benchTasks, benchReports, time.Since(start).Round(time.Second))
	}
	var campaign int64
	if err := db.QueryRow(ctx, `SELECT MAX(id) FROM campaigns`).Scan(&campaign); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		f, err := briefing.Compute(ctx, db, campaign, benchFrom, benchTo)
		if err != nil {
			b.Fatal(err)
		}
		if f.Overall.Tasks == 0 || f.Overall.ReportsDue == 0 {
			b.Fatalf("nothing computed: %+v", f.Overall)
		}
	}
}

// seedBench inserts 25 units, one campaign, the tasks (weekly, biweekly or
// monthly reports; most in progress, a fifth done) and reports on their due
// dates up to the period's end, most on time, some late, some missing.
func seedBench(ctx context.Context, db *store.DB) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	now := time.Date(2026, 9, 15, 2, 0, 0, 0, time.UTC)
	rnd := rand.New(rand.NewPCG(4, 2))
	var units []int64
	var campaign, user int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for i := range 25 {
			kind := "department"
			if i >= 20 {
				kind = "town"
			}
			id, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES (?, ?, ?)`, fmt.Sprintf("压测单位%02d", i), kind, now)
			if err != nil {
				return err
			}
			units = append(units, id)
		}
		var err error
		if user, err = store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
			VALUES ('bench', '压测', ?, 'x', ?, ?)`, units[0], now, now); err != nil {
			return err
		}
		campaign, err = store.InsertID(ctx, tx, `INSERT INTO campaigns (name, start_date, end_date, owner_unit_id, created_at, updated_at)
			VALUES ('压测专项活动', '2026-03-01', '2027-02-28', ?, ?, ?)`, units[0], now, now)
		return err
	})
	if err != nil {
		return err
	}
	cal, err := workday.Load(ctx, db)
	if err != nil {
		return err
	}
	type seeded struct {
		id   int64
		unit int64
		dues []string
	}
	var tasks []seeded
	cycles := []string{"weekly", "weekly", "biweekly", "monthly"}
	states := []string{"in_progress", "in_progress", "in_progress", "signed", "done", "completion_requested"}
	totalDues := 0
	for done := 0; done < benchTasks; {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for end := min(done+10000, benchTasks); done < end; done++ {
				start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rnd.IntN(90))
				deadline := start.AddDate(0, 0, 60+rnd.IntN(240))
				cycle, state := cycles[rnd.IntN(len(cycles))], states[rnd.IntN(len(states))]
				unit := units[rnd.IntN(len(units))]
				var doneAt any
				if state == "done" {
					doneAt = start.AddDate(0, 0, 30+rnd.IntN(150)).Add(4 * time.Hour)
				}
				id, err := store.InsertID(ctx, tx, `INSERT INTO tasks (campaign_id, title, source, lead_unit_id, start_date, deadline,
					original_deadline, report_cycle, state, progress, created_at, updated_at, signed_at, done_at)
					VALUES (?, ?, 'plan', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, campaign, fmt.Sprintf("压测任务%06d", done+1), unit,
					start.Format("2006-01-02"), deadline.Format("2006-01-02"), deadline.Format("2006-01-02"), cycle, state, rnd.IntN(101),
					now, now, start.Add(2*time.Hour), doneAt)
				if err != nil {
					return err
				}
				var dues []string
				for _, d := range task.DueDates(cycle, start, deadline, true, cal) {
					if s := d.Format("2006-01-02"); s <= benchTo {
						dues = append(dues, s)
					}
				}
				totalDues += len(dues)
				tasks = append(tasks, seeded{id, unit, dues})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	keep := float64(benchReports) / float64(totalDues)
	const perStmt = 100
	var rows []string
	var args []any
	n := 0
	flush := func(tx *store.Tx) error {
		if len(rows) == 0 {
			return nil
		}
		_, err := tx.Exec(ctx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress, next_steps, status,
			submitted_at, late) VALUES `+strings.Join(rows, ","), args...)
		rows, args = rows[:0], args[:0]
		return err
	}
	i := 0
	for i < len(tasks) && n < benchReports {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for end := min(i+5000, len(tasks)); i < end && n < benchReports; i++ {
				t := tasks[i]
				for _, d := range t.dues {
					if rnd.Float64() >= keep || n >= benchReports {
						continue
					}
					due, _ := time.Parse("2006-01-02", d)
					late := rnd.IntN(10) == 0
					at := due.Add(-20 * time.Hour)
					if late {
						at = due.Add(50 * time.Hour)
					}
					rows = append(rows, "(?, ?, ?, ?, '本周完成入户走访。', 50, '继续推进。', 'accepted', ?, ?)")
					args = append(args, t.id, d, t.unit, user, at, late)
					n++
					if len(rows) == perStmt {
						if err := flush(tx); err != nil {
							return err
						}
					}
				}
			}
			return flush(tx)
		})
		if err != nil {
			return err
		}
	}
	if n < benchReports*9/10 {
		return fmt.Errorf("only %d reports seeded", n)
	}
	return nil
}
