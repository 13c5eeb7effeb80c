// Command seed builds a large SQLite database for the load scenarios in
// docs/benchmarks.md without going through HTTP or argon2 for each row: it
// opens the database the way serve does (app.New, so the key file and the
// migrations are the same), loads the demo district, creates personal API
// tokens for ducha (office) and jiaoyu (教育局 liaison), then bulk-inserts one
// campaign of N tasks and M progress reports in batched transactions.
//
// Bulk rows carry no audit entries and no timeline events: they stand for
// history, not for actions under test. Their search documents are built at
// the end by the same code serve runs at start (ReindexSearch).
//
// Output (in -out): ducha.token, jiaoyu.token, campaign (its id) and
// submit.txt, lines "taskID dueDate" of open report due dates on 教育局's
// tasks for the report-submission scenario.
//
// Usage: go run ./bench/seed -db /tmp/x.db -key /tmp/x.key -tasks 20000 -reports 100000 -out /tmp/x
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tongchou/internal/app"
	"tongchou/internal/auth"
	"tongchou/internal/demo"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/workday"
)

const batch = 5000 // rows per transaction

func main() {
	dbPath := flag.String("db", "", "SQLite file to create")
	keyFile := flag.String("key", "", "key file (created if missing); pass the same one to serve")
	nTasks := flag.Int("tasks", 20000, "tasks in the bench campaign")
	nReports := flag.Int("reports", 100000, "progress reports on those tasks")
	submitPool := flag.Int("submit-tasks", 3000, "教育局 tasks kept without reports for the submission scenario")
	out := flag.String("out", ".", "folder for the tokens, campaign id and submit.txt")
	password := flag.String("password", "Bench-2026-pw!", "demo accounts' password")
	flag.Parse()
	if *dbPath == "" || *keyFile == "" {
		log.Fatal("seed: -db and -key are required")
	}
	if err := run(context.Background(), *dbPath, *keyFile, *out, *password, *nTasks, *nReports, *submitPool); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dbPath, keyFile, out, password string, nTasks, nReports, pool int) error {
	start := time.Now()
	// Seeding is not under test: synchronous OFF. serve reopens it with FULL.
	cfg := app.Config{DB: "sqlite:" + dbPath, KeyFile: keyFile, Crypto: "std", SQLiteSync: "OFF", LogLevel: "warn",
		FilesDir: filepath.Join(filepath.Dir(dbPath), "files"), UploadMaxMB: 20}
	a, err := app.New(ctx, cfg, time.Now)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer a.Close()
	if _, err := demo.Load(ctx, demo.Deps{DB: a.DB, Audit: a.Audit, Suite: a.Suite, Now: a.Now}, password); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ids, err := lookups(ctx, a.DB)
	if err != nil {
		return err
	}
	for _, u := range []struct {
		name string
		id   int64
	}{{"ducha", ids.ducha}, {"jiaoyu", ids.jiaoyu}} {
		p, err := auth.LoadPrincipal(ctx, a.DB, u.id)
		if err != nil {
			return err
		}
		secret, err := a.Auth.CreateToken(ctx, p, "bench", 0)
		if err != nil {
			return fmt.Errorf("token %s: %w", u.name, err)
		}
		if err := os.WriteFile(filepath.Join(out, u.name+".token"), []byte(secret), 0o600); err != nil {
			return err
		}
	}
	s := &seeder{db: a.DB, ids: ids, rnd: rand.New(rand.NewPCG(1, 2)), today: civilToday()}
	if err := s.campaign(ctx); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "campaign"), []byte(fmt.Sprint(s.campaignID)), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "unit"), []byte(fmt.Sprint(ids.jiaoyuUnit)), 0o644); err != nil {
		return err
	}
	t0 := time.Now()
	if err := s.tasks(ctx, nTasks, pool); err != nil {
		return err
	}
	log.Printf("seed: %d tasks in %s", nTasks, time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	n, err := s.reports(ctx, nReports)
	if err != nil {
		return err
	}
	log.Printf("seed: %d reports in %s", n, time.Since(t0).Round(time.Millisecond))
	if err := s.writeSubmit(filepath.Join(out, "submit.txt")); err != nil {
		return err
	}
	t0 = time.Now()
	idx, err := task.New(a.DB, a.Audit, time.Now).ReindexSearch(ctx)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	log.Printf("seed: search documents for %d tasks in %s", idx, time.Since(t0).Round(time.Millisecond))
	// No ANALYZE: production never runs it, so the planner must do without
	// statistics here too.
	log.Printf("seed: done in %s", time.Since(start).Round(time.Millisecond))
	return nil
}

// civilToday is today's date in Shanghai as midnight UTC, the form the
// task package's date arithmetic uses.
func civilToday() time.Time {
	y, m, d := time.Now().In(shanghai()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// ids are the demo rows the bulk rows refer to.
type ids struct {
	ducha, jiaoyu, leader, office, jiaoyuUnit int64
	units                                     []int64 // lead units: departments and division governments
}

func lookups(ctx context.Context, db *store.DB) (ids, error) {
	var v ids
	for name, dst := range map[string]*int64{"ducha": &v.ducha, "jiaoyu": &v.jiaoyu, "leader": &v.leader} {
		if err := db.QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, name).Scan(dst); err != nil {
			return v, fmt.Errorf("user %s: %w", name, err)
		}
	}
	if err := db.QueryRow(ctx, `SELECT unit_id FROM users WHERE id = ?`, v.ducha).Scan(&v.office); err != nil {
		return v, err
	}
	if err := db.QueryRow(ctx, `SELECT unit_id FROM users WHERE id = ?`, v.jiaoyu).Scan(&v.jiaoyuUnit); err != nil {
		return v, err
	}
	rows, err := db.Query(ctx, `SELECT id FROM units WHERE kind <> 'system' AND name NOT LIKE '%村%' AND name NOT LIKE '%社区%' ORDER BY id`)
	if err != nil {
		return v, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return v, err
		}
		v.units = append(v.units, id)
	}
	log.Printf("seed: %d lead units", len(v.units))
	return v, rows.Err()
}

type seedTask struct {
	id              int64
	unit            int64
	cycle, state    string
	start, deadline time.Time
	pool            bool // kept without reports for the submission scenario
}

type seeder struct {
	db         *store.DB
	ids        ids
	rnd        *rand.Rand
	today      time.Time
	campaignID int64
	phases     []int64
	tasks_     []seedTask
}

// campaign is half a year old and runs another half year, in four phases.
func (s *seeder) campaign(ctx context.Context) error {
	start, end := s.today.AddDate(0, -6, 0), s.today.AddDate(0, 6, 0)
	now := time.Now().UTC()
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		s.campaignID, err = store.InsertID(ctx, tx, `INSERT INTO campaigns (name, description, start_date, end_date, owner_unit_id,
			created_by, created_at, updated_at, report_workdays) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			"压力测试专项活动", "benchmark data", day(start), day(end), s.ids.office, s.ids.ducha, now, now, false)
		if err != nil {
			return fmt.Errorf("campaign: %w", err)
		}
		names := []string{"动员部署", "调研摸底", "集中攻坚", "总结提升"}
		span := end.Sub(start) / 4
		for i, n := range names {
			ps, pe := start.Add(time.Duration(i)*span), start.Add(time.Duration(i+1)*span-24*time.Hour)
			id, err := store.InsertID(ctx, tx, `INSERT INTO campaign_phases (campaign_id, seq, name, start_date, end_date)
				VALUES (?, ?, ?, ?, ?)`, s.campaignID, i+1, n, day(ps), day(pe))
			if err != nil {
				return err
			}
			s.phases = append(s.phases, id)
		}
		return nil
	})
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// pick returns one of the choices by integer weight.
func (s *seeder) pick(choices []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := s.rnd.IntN(total)
	for i, w := range weights {
		if n < w {
			return choices[i]
		}
		n -= w
	}
	return choices[len(choices)-1]
}

var (
	states       = []string{"draft", "assigned", "returned_by_unit", "signed", "in_progress", "completion_requested", "done", "cancelled"}
	stateWeights = []int{4, 8, 2, 8, 50, 6, 20, 2}
	cycles       = []string{"weekly", "biweekly", "monthly", "none"}
	cycleWeights = []int{55, 15, 25, 5}
	tags         = []string{"产业发展", "民生改善", "资源整合", "社会治理", "宣传"}
)

// tasks inserts n top-level tasks (every tenth one a sub-task of the one
// before it) across units, phases, states and dates; the first pool tasks
// of 教育局 in progress with a weekly cycle get no reports.
func (s *seeder) tasks(ctx context.Context, n, pool int) error {
	now := time.Now().UTC()
	for done := 0; done < n; {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			for end := min(done+batch, n); done < end; done++ {
				t := seedTask{unit: s.ids.units[s.rnd.IntN(len(s.ids.units))], cycle: s.pick(cycles, cycleWeights),
					state: s.pick(states, stateWeights)}
				if done%7 == 0 { // 教育局 leads a larger share, for the liaison's scenarios
					t.unit = s.ids.jiaoyuUnit
				}
				if t.unit == s.ids.jiaoyuUnit && t.state == "in_progress" && t.cycle == "weekly" && pool > 0 {
					t.pool = true
					pool--
				}
				t.start = s.today.AddDate(0, 0, -170+s.rnd.IntN(60))
				t.deadline = s.today.AddDate(0, 0, -60+s.rnd.IntN(240))
				if t.pool { // long enough to have many open weekly due dates
					t.start = s.today.AddDate(0, 0, -170)
					t.deadline = s.today.AddDate(0, 0, 30+s.rnd.IntN(60))
				}
				var parent any
				if done%10 == 9 && len(s.tasks_) > 0 {
					parent = s.tasks_[len(s.tasks_)-1].id
				}
				progress := 0
				switch t.state {
				case "done":
					progress = 100
				case "in_progress", "completion_requested", "signed":
					progress = s.rnd.IntN(100)
				}
				var signed any
				if t.state != "draft" && t.state != "assigned" && t.state != "returned_by_unit" {
					signed = t.start.UTC()
				}
				phase := s.phases[min(len(s.phases)-1, s.rnd.IntN(len(s.phases)))]
				id, err := store.InsertID(ctx, tx, `INSERT INTO tasks (campaign_id, parent_id, phase_id, title, content, weight, source,
					lead_unit_id, leader_id, start_date, deadline, original_deadline, sign_due, report_cycle, state, progress,
					created_by, created_at, updated_at, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					s.campaignID, parent, phase, fmt.Sprintf("压测任务%06d：推进%s工作", done+1, tags[done%len(tags)]),
					"按照活动方案要求，细化措施，压实责任，按期完成。", 1+s.rnd.IntN(3), task.Sources[s.rnd.IntN(len(task.Sources))],
					t.unit, s.ids.leader, day(t.start), day(t.deadline), day(t.deadline), day(t.start.AddDate(0, 0, 3)), t.cycle,
					t.state, progress, s.ids.ducha, now, now, signed)
				if err != nil {
					return fmt.Errorf("task: %w", err)
				}
				t.id = id
				if _, err := tx.Exec(ctx, `INSERT INTO task_tags (task_id, tag) VALUES (?, ?)`, id, tags[s.rnd.IntN(len(tags))]); err != nil {
					return err
				}
				if co := s.ids.units[s.rnd.IntN(len(s.ids.units))]; done%3 == 0 && co != t.unit {
					if _, err := tx.Exec(ctx, `INSERT INTO task_co_units (task_id, unit_id) VALUES (?, ?)`, id, co); err != nil {
						return err
					}
				}
				s.tasks_ = append(s.tasks_, t)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dues are t's report due dates before today.
func (s *seeder) dues(t seedTask) []string {
	if t.cycle == "none" {
		return nil
	}
	var out []string
	for _, d := range task.DueDates(t.cycle, t.start, t.deadline, false, (*workday.Calendar)(nil)) {
		if !d.Before(s.today) {
			break
		}
		out = append(out, day(d))
	}
	return out
}

// reports inserts up to m reports on the past due dates of the tasks in a
// reporting or finished state, skipping a share of them (missing reports)
// so that the total comes near m; most are accepted, some late.
func (s *seeder) reports(ctx context.Context, m int) (int, error) {
	type pair struct {
		t   *seedTask
		due string
	}
	var eligible []pair
	for i := range s.tasks_ {
		t := &s.tasks_[i]
		switch t.state {
		case "signed", "in_progress", "completion_requested", "done":
		default:
			continue
		}
		if t.pool {
			continue
		}
		for _, d := range s.dues(*t) {
			eligible = append(eligible, pair{t, d})
		}
	}
	keep := min(1.0, 1.01*float64(m)/float64(max(len(eligible), 1))) // a little over: the loop stops at m
	log.Printf("seed: %d past due dates, keeping %.2f of them", len(eligible), keep)
	n := 0
	for i := 0; i < len(eligible) && n < m; {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			for end := min(i+batch*2, len(eligible)); i < end && n < m; i++ {
				if s.rnd.Float64() >= keep {
					continue
				}
				p := eligible[i]
				due, _ := time.Parse("2006-01-02", p.due)
				late := s.rnd.IntN(10) == 0
				at := due.Add(-20 * time.Hour)
				if late {
					at = due.Add(50 * time.Hour)
				}
				status := s.pick([]string{"accepted", "submitted"}, []int{80, 20})
				var reviewed any
				if status == "accepted" {
					reviewed = at.Add(24 * time.Hour)
				}
				_, err := tx.Exec(ctx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress, problems,
					needs_coordination, next_steps, status, submitted_at, late, reviewed_by, reviewed_at, version)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
					p.t.id, p.due, p.t.unit, s.ids.jiaoyu, "本周完成入户走访和问题梳理，形成台账。", s.rnd.IntN(101),
					strings.Repeat("资金缺口待协调。", s.rnd.IntN(2)), s.rnd.IntN(20) == 0, "下周继续推进整改。", status, at,
					late, reviewedBy(status, s.ids.ducha), reviewed)
				if err != nil {
					return fmt.Errorf("report: %w", err)
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func reviewedBy(status string, id int64) any {
	if status == "accepted" {
		return id
	}
	return nil
}

// writeSubmit lists the open due dates of the pool tasks, oldest first per
// task and interleaved across tasks so that concurrent clients hit
// different tasks.
func (s *seeder) writeSubmit(path string) error {
	var lists [][]string
	var tids []int64
	for _, t := range s.tasks_ {
		if t.pool {
			lists = append(lists, s.dues(t))
			tids = append(tids, t.id)
		}
	}
	var b strings.Builder
	lines := 0
	for round := 0; ; round++ {
		any := false
		for i, l := range lists {
			if round < len(l) {
				fmt.Fprintf(&b, "%d %s\n", tids[i], l[round])
				any = true
				lines++
			}
		}
		if !any {
			break
		}
	}
	log.Printf("seed: %d open due dates on %d tasks for the submission scenario", lines, len(tids))
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
