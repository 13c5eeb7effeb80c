package meeting_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"tongchou/internal/auth"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/meeting"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// TestPublishConcurrently publishes the same decisions from two requests at
// once, on both engines: each decision becomes exactly one task, and the
// publication that loses the race changes nothing.
func TestPublishConcurrently(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		f := newFixture(t, env)
		ctx := context.Background()
		office, err := auth.LoadPrincipal(ctx, env.App.DB, env.UserID("ducha"))
		if err != nil {
			t.Fatal(err)
		}
		s := meeting.New(env.App.DB, env.App.Audit, env.Clock.Now)
		id := f.create(t, f.meetingForm("并发发布测试会"))
		for _, text := range []string{"事项一", "事项二", "事项三"} {
			in := meeting.DecisionInput{Text: text, LeadUnitID: f.jiaoyuID, CoUnitIDs: []int64{f.qingID}, Deadline: "2026-08-01"}
			if _, err := s.AddDecision(ctx, office, id, in); err != nil {
				t.Fatal(err)
			}
		}
		before := f.scalar(`SELECT COUNT(*) FROM tasks`)
		var wg sync.WaitGroup
		created := make([]int, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() { created[i], errs[i] = s.PublishDecisions(ctx, office, id) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && !errors.Is(err, store.ErrConflict) {
				t.Fatalf("publish: %v", err)
			}
		}
		if created[0]+created[1] != 3 {
			t.Fatalf("created %v tasks, want 3 in all", created)
		}
		if got := f.scalar(`SELECT COUNT(*) FROM tasks`) - before; got != 3 {
			t.Fatalf("%d new tasks, want 3", got)
		}
		if n := f.scalar(`SELECT COUNT(DISTINCT task_id) FROM meeting_decisions WHERE meeting_id = ?`, id); n != 3 {
			t.Fatalf("%d linked tasks, want 3", n)
		}
		t.Run("LeaderCannotPublish", func(t *testing.T) {
			leader, err := auth.LoadPrincipal(ctx, env.App.DB, env.UserID("leader"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.PublishDecisions(ctx, leader, id); !errors.Is(err, ui.ErrForbidden) {
				t.Fatalf("leader publish: %v", err)
			}
		})
	})
}
