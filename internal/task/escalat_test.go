package task_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/workday"
)

// movingClock is a clock the test moves day by day.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// on sets the clock to 08:30 Shanghai on date and returns date.
func (c *movingClock) on(date string) string {
	d, err := time.ParseInLocation("2006-01-02 15:04", date+" 08:30", time.FixedZone("CST", 8*3600))
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = d.UTC()
	c.mu.Unlock()
	return date
}

// ladderFixture is the task fixture with an escalator on a moving clock.
type ladderFixture struct {
	*fixture
	clk *movingClock
	esc *task.Escalator
}

func newLadder(t *testing.T, db *store.DB) *ladderFixture {
	t.Helper()
	f := newFixture(t, db)
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	clk := &movingClock{}
	clk.on("2026-06-01")
	return &ladderFixture{fixture: f, clk: clk, esc: task.NewEscalator(db, audit.New(db, suite, clk.Now), clk.Now)}
}

// ladderTask creates a task in progress, signed on signed, with the
// liaison responsible and the leader in charge.
func (l *ladderFixture) ladderTask(t *testing.T, deadline, cycle, signed string) int64 {
	t.Helper()
	in := l.input()
	in.Deadline, in.ReportCycle = deadline, cycle
	in.ResponsibleID, in.LeaderID = l.users[asLiaison].ID, l.users[asLeader].ID
	id, err := l.s.Create(context.Background(), l.users[asOffice], in)
	if err != nil {
		t.Fatalf("create task: %v", err)
	}
	at, _ := time.Parse("2006-01-02", signed)
	if _, err := l.db.Exec(context.Background(), `UPDATE tasks SET state = 'in_progress', signed_at = ? WHERE id = ?`,
		at.Add(2*time.Hour), id); err != nil {
		t.Fatal(err)
	}
	return id
}

// run escalates on date and checks how many notices were issued.
func (l *ladderFixture) run(t *testing.T, date string, want int) {
	t.Helper()
	got, err := l.esc.Escalate(context.Background(), l.clk.on(date))
	if err != nil {
		t.Fatalf("escalate on %s: %v", date, err)
	}
	if got != want {
		t.Fatalf("escalate on %s issued %d, want %d", date, got, want)
	}
}

// notices lists a task's notices as "kind@date:rung=number".
func (l *ladderFixture) notices(t *testing.T, id int64) []string {
	t.Helper()
	_, ns, err := l.s.TaskNotices(context.Background(), l.users[asOffice], id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.ItemKind+"@"+n.DueDate+":"+n.Rung+"="+n.Number)
	}
	return out
}

func escCount(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The deadline 2026-06-18 is a Thursday before the 端午 holiday (Friday
// 06-19) and a weekend; the campaign's defaults are orange 2 and red 3
// working days.
func TestLadderClimbsOverTheHoliday(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := newLadder(t, db)
		id := l.ladderTask(t, "2026-06-18", "none", "2026-06-01")
		for _, step := range []struct {
			date string
			want int
		}{
			{"2026-06-16", 0}, {"2026-06-17", 1}, {"2026-06-17", 0}, {"2026-06-18", 0},
			{"2026-06-19", 0}, {"2026-06-20", 0}, {"2026-06-21", 0},
			{"2026-06-22", 1}, {"2026-06-22", 0}, {"2026-06-23", 0}, {"2026-06-24", 1},
			{"2026-06-25", 0}, {"2026-06-26", 0}, {"2026-06-29", 1}, {"2026-06-30", 0}, {"2026-07-10", 0},
		} {
			l.run(t, step.date, step.want)
		}
		want := []string{"deadline@2026-06-18:blue=提醒〔2026〕1号", "deadline@2026-06-18:yellow=催办〔2026〕1号",
			"deadline@2026-06-18:orange=督办〔2026〕1号", "deadline@2026-06-18:red=通报〔2026〕1号"}
		if got := l.notices(t, id); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("notices = %v, want %v", got, want)
		}
		ctx := context.Background()
		issuedOn := map[string]string{}
		_, ns, _ := l.s.TaskNotices(ctx, l.users[asOffice], id)
		for _, n := range ns {
			issuedOn[n.Rung] = n.IssuedOn
		}
		if issuedOn["blue"] != "2026-06-17" || issuedOn["yellow"] != "2026-06-22" || issuedOn["orange"] != "2026-06-24" || issuedOn["red"] != "2026-06-29" {
			t.Fatalf("issued on %v", issuedOn)
		}
		// Who got what, in-app, with a link to the notice.
		for _, tc := range []struct{ user, kind string }{
			{asLiaison, "task.notice.blue"}, {asHead, "task.notice.yellow"}, {asLeader, "task.notice.orange"},
			{asLeader, "task.notice.red"}, {asHead, "task.notice.red"},
		} {
			if n := escCount(t, db, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ? AND link LIKE '/notices/%'`,
				l.users[tc.user].ID, tc.kind); n != 1 {
				t.Fatalf("%s got %d %s notifications, want 1", tc.user, n, tc.kind)
			}
		}
		if n := escCount(t, db, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'task.notice.yellow'`, l.users[asLiaison].ID); n != 0 {
			t.Fatalf("the liaison got the 催办 meant for the head")
		}
		if n := escCount(t, db, `SELECT COUNT(*) FROM task_events WHERE task_id = ? AND action LIKE 'notice_%'`, id); n != 4 {
			t.Fatalf("timeline has %d notice events, want 4", n)
		}
		if n := escCount(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task_notice'`); n != 4 {
			t.Fatalf("audit has %d notice entries, want 4", n)
		}
		if n := escCount(t, db, `SELECT COUNT(*) FROM notify_outbox`); n != 0 {
			t.Fatalf("outbox has %d entries without any channel configured", n)
		}
		counts, err := task.NoticeCounts(ctx, db, l.units["教育局"], "2026-06-01", "2026-06-30")
		if err != nil || counts["blue"] != 1 || counts["yellow"] != 1 || counts["orange"] != 1 || counts["red"] != 1 {
			t.Fatalf("NoticeCounts = %v, %v", counts, err)
		}
		if counts, _ := task.NoticeCounts(ctx, db, l.units["卫生健康局"], "2026-06-01", "2026-06-30"); counts["yellow"] != 0 {
			t.Fatalf("the co-unit was counted: %v", counts)
		}
		named, err := task.NamedInNextBriefing(ctx, db, l.campaign.ID)
		if err != nil || len(named) != 1 || named[0].TaskID != id || named[0].Number != "通报〔2026〕1号" {
			t.Fatalf("named = %+v, %v", named, err)
		}
	})
}

func TestLadderGoesOnWhileAnExtensionIsPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := newLadder(t, db)
		id := l.ladderTask(t, "2026-06-18", "none", "2026-06-01")
		if _, err := db.Exec(context.Background(), `INSERT INTO task_extensions (task_id, requested_deadline, reason, requested_at)
			VALUES (?, '2026-07-31', '雨季', ?)`, id, l.clk.Now()); err != nil {
			t.Fatal(err)
		}
		l.run(t, "2026-06-17", 1)
		l.run(t, "2026-06-22", 1)
		l.run(t, "2026-06-24", 1)
	})
}

func TestApprovedExtensionMovesTheLadderAndKeepsSentNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := newLadder(t, db)
		id := l.ladderTask(t, "2026-06-18", "none", "2026-06-01")
		l.run(t, "2026-06-17", 1)
		l.run(t, "2026-06-22", 1)
		// The office approves the pending request: the deadline in force moves.
		if _, err := db.Exec(context.Background(), `UPDATE tasks SET deadline = '2026-07-31' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		l.run(t, "2026-06-24", 0)
		l.run(t, "2026-07-30", 1)
		want := "deadline@2026-06-18:blue deadline@2026-06-18:yellow deadline@2026-07-31:blue"
		var got []string
		for _, n := range l.notices(t, id) {
			got = append(got, n[:strings.Index(n, "=")])
		}
		if strings.Join(got, " ") != want {
			t.Fatalf("notices = %v, want %s", got, want)
		}
	})
}

func TestClosedTaskStopsClimbing(t *testing.T) {
	for _, state := range []task.State{task.StateDone, task.StateCancelled} {
		t.Run(string(state), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				l := newLadder(t, db)
				id := l.ladderTask(t, "2026-06-18", "none", "2026-06-01")
				l.run(t, "2026-06-22", 1) // the job was down on the 17th: a late reminder is pointless, the 催办 goes out
				if _, err := db.Exec(context.Background(), `UPDATE tasks SET state = ? WHERE id = ?`, state, id); err != nil {
					t.Fatal(err)
				}
				l.run(t, "2026-06-24", 0)
				l.run(t, "2026-06-29", 0)
			})
		})
	}
}

// Weekly reports are due on the week's last working day; the task was
// signed for on Monday 2026-06-01, so the due dates of April and May are
// not owed and never climb; 06-05 is missed and climbs on its own ladder.
func TestMissingReportClimbsItsOwnLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := newLadder(t, db)
		id := l.ladderTask(t, "2026-09-30", "weekly", "2026-06-01")
		l.run(t, "2026-06-04", 1) // blue for 06-05
		l.run(t, "2026-06-08", 1) // yellow for 06-05 only, nothing for the weeks before signing
		got := l.notices(t, id)
		want := []string{"report@2026-06-05:blue=提醒〔2026〕1号", "report@2026-06-05:yellow=催办〔2026〕1号"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("notices = %v, want %v", got, want)
		}
		l.run(t, "2026-06-10", 1) // orange for 06-05 (2 working days after yellow)
		// The unit reports 06-05 late, and 06-12 on time: 06-05 stops climbing.
		for _, due := range []string{"2026-06-05", "2026-06-12"} {
			if _, err := db.Exec(ctx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress,
				next_steps, submitted_at, late) VALUES (?, ?, ?, ?, '走访', 30, '继续', ?, ?)`, id, due, l.units["教育局"],
				l.users[asLiaison].ID, l.clk.Now(), due == "2026-06-05"); err != nil {
				t.Fatal(err)
			}
		}
		l.run(t, "2026-06-11", 0) // the 06-12 reminder is not needed: it is reported already
		l.run(t, "2026-06-15", 0)
		l.run(t, "2026-06-18", 1) // 06-19 is 端午, so that week is due on 06-18: its reminder goes out late, on the day
	})
}

func TestNumbersCountPerYearAndRung(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := newLadder(t, db)
		a := l.ladderTask(t, "2026-12-29", "none", "2026-06-01")
		b := l.ladderTask(t, "2026-12-29", "none", "2026-06-01")
		c := l.ladderTask(t, "2027-01-05", "none", "2026-06-01")
		l.run(t, "2026-12-30", 2)
		l.run(t, "2027-01-06", 3) // c's 催办, and a's and b's 督办 (2 working days after 12-30)
		for id, want := range map[int64]string{
			a: "deadline@2026-12-29:yellow=催办〔2026〕1号 deadline@2026-12-29:orange=督办〔2027〕1号",
			b: "deadline@2026-12-29:yellow=催办〔2026〕2号 deadline@2026-12-29:orange=督办〔2027〕2号",
			c: "deadline@2027-01-05:yellow=催办〔2027〕1号",
		} {
			if got := strings.Join(l.notices(t, id), " "); got != want {
				t.Fatalf("task %d notices %s, want %s", id, got, want)
			}
		}
	})
}

// The job registered in the scheduler issues the notices at 08:30.
func TestEscalateJobRunsDaily(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := newLadder(t, db)
		id := l.ladderTask(t, "2026-06-18", "none", "2026-06-01")
		l.clk.on("2026-06-22")
		l.clk.mu.Lock()
		l.clk.t = l.clk.t.Add(-time.Hour) // 07:30
		l.clk.mu.Unlock()
		s := jobs.New(db, l.clk.Now)
		l.esc.Register(s)
		ctx := context.Background()
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RunDue(ctx); err != nil || n != 0 {
			t.Fatalf("before 08:30 RunDue = %d, %v", n, err)
		}
		l.clk.on("2026-06-22")
		l.clk.mu.Lock()
		l.clk.t = l.clk.t.Add(time.Minute)
		l.clk.mu.Unlock()
		if n, err := s.RunDue(ctx); err != nil || n != 1 {
			t.Fatalf("at 08:31 RunDue = %d, %v", n, err)
		}
		if got := l.notices(t, id); len(got) != 1 || !strings.Contains(got[0], "yellow") {
			t.Fatalf("notices after the job = %v", got)
		}
	})
}

// A report due before the task was signed for is not missing (TaskDues).
func TestDuesBeforeSigningAreNotMissing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := newLadder(t, db)
		cal, err := workday.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name   string
			state  task.State
			signed string // "" = no signing time
			want   string // missing due dates up to 2026-05-06
		}{
			{"UnsignedOwesNothing", task.StateAssigned, "", ""},
			{"SignedMidAprilOwesFromThen", task.StateInProgress, "2026-04-17", "2026-04-17 2026-04-24 2026-04-30"},
			{"SignedAtStartOwesAll", task.StateInProgress, "2026-04-01", "2026-04-03 2026-04-10 2026-04-17 2026-04-24 2026-04-30"},
			{"UnderWayWithoutSigningTimeOwesFromStart", task.StateInProgress, "", "2026-04-03 2026-04-10 2026-04-17 2026-04-24 2026-04-30"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := l.newTask(t, tc.state, false)
				if tc.signed != "" {
					at, _ := time.Parse("2006-01-02", tc.signed)
					if _, err := db.Exec(ctx, `UPDATE tasks SET signed_at = ? WHERE id = ?`, at.Add(time.Hour), id); err != nil {
						t.Fatal(err)
					}
				}
				tk, err := l.s.Get(ctx, l.users[asOffice], id)
				if err != nil {
					t.Fatal(err)
				}
				dues, err := task.TaskDues(ctx, db, &tk, cal, "2026-05-06")
				if err != nil {
					t.Fatal(err)
				}
				var missing []string
				for _, d := range dues {
					if d.Outcome == task.OutcomeMissing {
						missing = append(missing, d.Date)
					}
				}
				if got := strings.Join(missing, " "); got != tc.want {
					t.Fatalf("missing = %q, want %q", got, tc.want)
				}
			})
		}
	})
}
