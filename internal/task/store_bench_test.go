package task_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/task"
)

// benchEnv is a store on a SQLite file (as in production, not in memory)
// with an office user, 25 units and one campaign.
type benchEnv struct {
	db       *store.DB
	s        *task.Store
	office   *auth.Principal
	units    []int64
	campaign task.Campaign
}

// benchClock is fixed so that lights and due dates do not move during a run.
var benchClock = func() time.Time { return time.Date(2026, 9, 15, 2, 0, 0, 0, time.UTC) }

func newBenchEnv(b *testing.B, sync string) *benchEnv {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), store.Options{Synchronous: sync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		b.Fatal(err)
	}
	e := &benchEnv{db: db, s: task.New(db, audit.New(db, suite, benchClock), benchClock)}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for i := range 25 {
			id, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES (?, 'department', ?)`,
				fmt.Sprintf("单位%02d", i), benchClock())
			if err != nil {
				return err
			}
			e.units = append(e.units, id)
		}
		uid, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
			VALUES ('ducha', '陈督', ?, 'x', ?, ?)`, e.units[0], benchClock(), benchClock())
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, uid, auth.RoleOffice)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var uid int64
	if err := db.QueryRow(ctx, `SELECT id FROM users WHERE username = 'ducha'`).Scan(&uid); err != nil {
		b.Fatal(err)
	}
	if e.office, err = auth.LoadPrincipal(ctx, db, uid); err != nil {
		b.Fatal(err)
	}
	e.campaign = task.Campaign{Name: "压测专项活动", StartDate: "2026-03-01", EndDate: "2027-02-28", Settings: task.DefaultSettings,
		Phases: []task.Phase{{Name: "调研摸底", StartDate: "2026-03-01", EndDate: "2026-08-31"},
			{Name: "集中攻坚", StartDate: "2026-09-01", EndDate: "2027-02-28"}}}
	if err := e.s.CreateCampaign(ctx, e.office, &e.campaign); err != nil {
		b.Fatal(err)
	}
	return e
}

func (e *benchEnv) input(i int) task.Input {
	return task.Input{CampaignID: e.campaign.ID, PhaseID: e.campaign.Phases[1].ID, Title: fmt.Sprintf("压测任务%d", i),
		Content: "按方案推进", Weight: 1, Source: "plan", LeadUnitID: e.units[i%len(e.units)],
		StartDate: "2026-09-01", Deadline: "2026-12-31", ReportCycle: "weekly", Tags: []string{"民生改善"}}
}

// BenchmarkCreateTask creates tasks through the store (validation, the
// insert, search document, timeline event and audit entry in one
// transaction) from 16 goroutines at once, as the API does for 16 clients.
// FULL is production's synchronous setting; OFF shows what the fsync costs.
func BenchmarkCreateTask(b *testing.B) {
	for _, sync := range []string{"FULL", "OFF"} {
		b.Run("sync="+sync, func(b *testing.B) {
			e := newBenchEnv(b, sync)
			var n, failed atomic.Int64
			b.SetParallelism(8) // 8 per core: 16 on this machine
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(n.Add(1))
					if _, err := e.s.Create(context.Background(), e.office, e.input(i)); err != nil {
						failed.Add(1)
						b.Error(err)
					}
				}
			})
			b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "creates/s")
			if failed.Load() > 0 {
				b.Fatalf("%d creates failed", failed.Load())
			}
		})
	}
}

// seedTasks bulk-inserts n tasks over the units, states and deadlines with
// two accepted reports each, bypassing the store (set-up, not under test).
func (e *benchEnv) seedTasks(b *testing.B, n int) {
	b.Helper()
	ctx := context.Background()
	states := []task.State{task.StateInProgress, task.StateInProgress, task.StateSigned, task.StateAssigned, task.StateDone}
	now := benchClock()
	for done := 0; done < n; {
		err := e.db.InTx(ctx, func(tx *store.Tx) error {
			for end := min(done+5000, n); done < end; done++ {
				deadline := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, done%240).Format("2006-01-02")
				id, err := store.InsertID(ctx, tx, `INSERT INTO tasks (campaign_id, phase_id, title, source, lead_unit_id,
					start_date, deadline, original_deadline, report_cycle, state, progress, created_at, updated_at)
					VALUES (?, ?, ?, 'plan', ?, '2026-04-01', ?, ?, 'weekly', ?, ?, ?, ?)`,
					e.campaign.ID, e.campaign.Phases[done%2].ID, fmt.Sprintf("压测任务%06d", done), e.units[done%len(e.units)],
					deadline, deadline, states[done%len(states)], done%100, now, now)
				if err != nil {
					return err
				}
				for _, due := range []string{"2026-04-03", "2026-04-10"} {
					if _, err := tx.Exec(ctx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress,
						next_steps, status, submitted_at) VALUES (?, ?, ?, ?, '完成走访', 20, '继续推进', 'accepted', ?)`,
						id, due, e.units[done%len(e.units)], e.office.ID, now); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// No ANALYZE: production never runs it, and with statistics on these
	// tiny tables (one user, two phases) the planner scans them for every
	// task row, which made the page query 60-80 ms instead of ~1 ms.
	e.logPlan(b)
}

// logPlan logs SQLite's plan for the board's page query (the joins of the
// store's task list) on this data set: -v shows it beside the figures.
func (e *benchEnv) logPlan(b *testing.B) {
	b.Helper()
	rows, err := e.db.Query(context.Background(), `EXPLAIN QUERY PLAN SELECT t.id, c.name, lu.name, pt.title, ph.name, ru.name, le.name
		FROM tasks t JOIN campaigns c ON c.id = t.campaign_id JOIN units lu ON lu.id = t.lead_unit_id
		LEFT JOIN tasks pt ON pt.id = t.parent_id LEFT JOIN campaign_phases ph ON ph.id = t.phase_id
		LEFT JOIN users ru ON ru.id = t.responsible_id LEFT JOIN users le ON le.id = t.leader_id
		WHERE t.campaign_id = ? AND 1 = 1 ORDER BY t.deadline, t.id LIMIT ? OFFSET ?`, e.campaign.ID, task.PageSize, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			b.Fatal(err)
		}
		b.Logf("plan: %s", detail)
	}
}

// BenchmarkBoardFirstPage20k lists the first page of 50 of a campaign of
// 20 000 tasks as the office sees it (the count, the page and the lights,
// computed per request from the page's reports), unfiltered and filtered by
// state, as the API list and the board do.
func BenchmarkBoardFirstPage20k(b *testing.B) {
	e := newBenchEnv(b, "FULL")
	e.seedTasks(b, 20000)
	for _, c := range []struct {
		name   string
		filter task.Filter
	}{
		{"all", task.Filter{CampaignID: e.campaign.ID, Page: 1}},
		{"state=in_progress", task.Filter{CampaignID: e.campaign.ID, Page: 1, State: task.StateInProgress}},
		{"unit", task.Filter{CampaignID: e.campaign.ID, Page: 1, UnitID: e.units[3]}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				board, err := e.s.List(context.Background(), e.office, c.filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(board.Tasks) != task.PageSize {
					b.Fatalf("got %d tasks on the first page, want %d", len(board.Tasks), task.PageSize)
				}
			}
		})
	}
}
