package meeting_test

import (
	"context"
	"testing"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/meeting"
)

// BenchmarkMeetingPage renders the demo's second dispatch meeting for the
// office: units and statements, attendance, minutes, decisions and the
// previous meeting's decisions with their tasks' lights.
func BenchmarkMeetingPage(b *testing.B) {
	env := authtest.New(b)
	c := env.Client("10.9.9.9")
	c.MustLogin("ducha")
	var id int64
	if err := env.App.DB.QueryRow(context.Background(), `SELECT id FROM meetings WHERE title LIKE '%第二次调度会'`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	path := "/meetings/" + itoa(id)
	for b.Loop() {
		if res := c.Get(path); res.Code != 200 {
			b.Fatalf("status %d", res.Code)
		}
	}
}

// BenchmarkDecisions reads a meeting's decisions with their tasks' states,
// as the briefing does.
func BenchmarkDecisions(b *testing.B) {
	env := authtest.New(b)
	var id int64
	if err := env.App.DB.QueryRow(context.Background(), `SELECT MIN(id) FROM meetings`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ds, err := meeting.Decisions(context.Background(), env.App.DB, id); err != nil || len(ds) == 0 {
			b.Fatalf("decisions: %d, %v", len(ds), err)
		}
	}
}
