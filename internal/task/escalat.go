package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// Rungs of the escalation ladder, lowest first.
const (
	RungBlue   = "blue"   // 提醒: the responsible person, before the date
	RungYellow = "yellow" // 催办: the lead unit's head, the working day after
	RungOrange = "orange" // 督办: the leader in charge, N working days later
	RungRed    = "red"    // named in the next briefing, M working days later
)

// Rungs lists the rungs in order.
var Rungs = []string{RungBlue, RungYellow, RungOrange, RungRed}

// Kinds of missed item: the task's deadline, or one report due date.
const (
	ItemDeadline = "deadline"
	ItemReport   = "report"
)

// rungWord is the notice number's prefix per rung (its 文号 kind).
var rungWord = map[string]string{RungBlue: "提醒", RungYellow: "催办", RungOrange: "督办", RungRed: "通报"}

// EscalateJob is the scheduler's name for the daily ladder run.
const EscalateJob = "task.escalate"

// Escalator climbs the ladder for every open task: one notice per missed
// item per rung, issued exactly once (the notice's unique key), numbered,
// put on the task's timeline, sent to its recipients in-app and audited.
type Escalator struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
	// BlueDays is how many working days before a date the blue reminder
	// goes out (default 1).
	BlueDays int
	// Robots are group robots (by name in notify.Config.Robots) each notice
	// is also posted to through the outbox, besides every robot enabled on
	// /admin/channels (read at each notice, so no restart is needed).
	Robots []string
}

// NewEscalator returns an Escalator with the default reminder lead.
func NewEscalator(db *store.DB, log *audit.Log, now func() time.Time) *Escalator {
	return &Escalator{db: db, audit: log, now: now, BlueDays: 1}
}

// Register adds the daily run (08:30 Shanghai time) to the scheduler.
func (e *Escalator) Register(s *jobs.Scheduler) {
	s.Register(EscalateJob, jobs.Daily(8, 30), func(ctx context.Context, run jobs.Run) error {
		now := run.Now
		if now.IsZero() {
			now = e.now()
		}
		_, err := e.Escalate(ctx, now.In(shanghai).Format(dateLayout))
		return err
	})
}

// Escalate issues every notice due on today ('YYYY-MM-DD', Shanghai) and
// returns how many it issued. Running it again the same day issues nothing:
// a notice that exists is never issued again. Nothing is issued on a day
// off; the next working day catches up.
func (e *Escalator) Escalate(ctx context.Context, today string) (int, error) {
	day, err := time.Parse(dateLayout, today)
	if err != nil {
		return 0, fmt.Errorf("escalate on %q: %w", today, err)
	}
	cal, err := workday.Load(ctx, e.db)
	if err != nil {
		return 0, err
	}
	if !cal.IsWorkday(day) {
		return 0, nil
	}
	tasks, err := e.openTasks(ctx)
	if err != nil {
		return 0, err
	}
	issued := 0
	for i := range tasks {
		n, err := e.escalateTask(ctx, cal, &tasks[i], today)
		issued += n
		if err != nil {
			return issued, fmt.Errorf("escalate task %d: %w", tasks[i].ID, err)
		}
	}
	return issued, nil
}

// escTask is an open task with what the ladder needs besides the task.
type escTask struct {
	Task
	signedOn   string // Shanghai date the lead unit signed for it; "" unsigned
	orangeDays int
	redDays    int
	issuer     int64 // the campaign's owner unit, which issues the notices
}

// openTasks are the tasks a ladder can climb on: assigned and not closed.
func (e *Escalator) openTasks(ctx context.Context) ([]escTask, error) {
	var out []escTask
	err := eachRow(ctx, e.db, `SELECT `+taskCols+taskFrom+` WHERE t.state NOT IN ('draft', 'done', 'cancelled') ORDER BY t.id`,
		nil, func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			out = append(out, escTask{Task: t})
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("open tasks: %w", err)
	}
	for i := range out {
		var signed sql.NullTime
		if err := e.db.QueryRow(ctx, `SELECT t.signed_at, c.escalate_orange_days, c.escalate_red_days, c.owner_unit_id
			FROM tasks t JOIN campaigns c ON c.id = t.campaign_id WHERE t.id = ?`, out[i].ID).
			Scan(&signed, &out[i].orangeDays, &out[i].redDays, &out[i].issuer); err != nil {
			return nil, fmt.Errorf("ladder settings of task %d: %w", out[i].ID, err)
		}
		if signed.Valid {
			out[i].signedOn = signed.Time.In(shanghai).Format(dateLayout)
		}
	}
	return out, nil
}
