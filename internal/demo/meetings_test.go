package demo_test

import (
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/meeting"
	"tongchou/internal/ui"
)

// TestDemoMeetings checks the demo's meetings: two past dispatch meetings
// with published minutes and decisions (some done, one overdue), statements
// from some units, a symposium with one opinion turned into a task, and the
// coming dispatch meeting collecting statements.
func TestDemoMeetings(t *testing.T) {
	env := authtest.New(t)
	ctx := t.Context()
	db := env.App.DB
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var campaign int64
	if err := db.QueryRow(ctx, `SELECT MIN(id) FROM campaigns`).Scan(&campaign); err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now()
	today := now.In(ui.Shanghai).Format("2006-01-02")
	last, err := meeting.LastMeeting(ctx, db, campaign, meeting.KindDispatch, now)
	if err != nil {
		t.Fatalf("last dispatch meeting: %v", err)
	}
	first, err := meeting.LastMeeting(ctx, db, campaign, meeting.KindDispatch, last.HeldAt)
	if err != nil {
		t.Fatalf("the one before: %v", err)
	}
	ds, err := meeting.Decisions(ctx, db, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	done, overdue := 0, 0
	for _, d := range ds {
		switch {
		case d.TaskState == "done":
			done++
		case d.TaskDeadline < today && !d.TaskState.Final():
			overdue++
		}
	}
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"past dispatch meetings with published minutes", count(`SELECT COUNT(*) FROM meetings WHERE kind = 'dispatch' AND held_at < ?
			AND minutes <> '' AND minutes_published_at IS NOT NULL`, now.UTC()), 2},
		{"coming dispatch meetings collecting statements", count(`SELECT COUNT(*) FROM meetings WHERE kind = 'dispatch' AND held_at > ?
			AND statement_due IS NOT NULL`, now.UTC()), 1},
		{"decisions of the first meeting done", done, 2},
		{"decisions of the first meeting overdue", overdue, 1},
		{"decision tasks from meetings", count(`SELECT COUNT(*) FROM meeting_decisions d JOIN tasks t ON t.id = d.task_id
			WHERE t.source = 'meeting'`), 5},
		{"units that missed the second meeting's statement", count(`SELECT COUNT(*) FROM meeting_units WHERE meeting_id = ?
			AND statement_requested AND statement_at IS NULL`, last.ID), 2},
		{"late statements of the second meeting", count(`SELECT COUNT(*) FROM meeting_units mu JOIN meetings m ON m.id = mu.meeting_id
			WHERE m.id = ? AND mu.statement_at > m.statement_due`, last.ID), 1},
		{"symposiums", count(`SELECT COUNT(*) FROM meetings WHERE kind = 'forum'`), 1},
		{"symposium opinions", count(`SELECT COUNT(*) FROM meeting_opinions`), 5},
		{"opinions turned into tasks", count(`SELECT COUNT(*) FROM meeting_opinions WHERE task_id IS NOT NULL`), 1},
		{"attendance substitutes", count(`SELECT COUNT(*) FROM meeting_attendees WHERE status = 'substitute' AND substitute <> ''`), 2},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, tc.got, tc.want)
		}
	}
	if !last.HeldAt.Before(now) || now.Sub(last.HeldAt) > 30*24*time.Hour {
		t.Errorf("the last dispatch meeting was held at %v", last.HeldAt)
	}
}
