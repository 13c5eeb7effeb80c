package meeting_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// TestMeetingPageLinksOnlyOpenTasks: a unit user sees every published
// decision of a meeting their unit attends, but only the tasks in their scope
// are links; another unit's task is plain text, not a link answering 404.
func TestMeetingPageLinksOnlyOpenTasks(t *testing.T) {
	env := authtest.New(t)
	f := newFixture(t, env)
	ctx := context.Background()
	rows, err := env.App.DB.Query(ctx, `SELECT d.meeting_id, d.task_id, t.lead_unit_id FROM meeting_decisions d
		JOIN tasks t ON t.id = d.task_id JOIN meeting_units mu ON mu.meeting_id = d.meeting_id AND mu.unit_id = ?
		WHERE NOT EXISTS (SELECT 1 FROM task_co_units c WHERE c.task_id = t.id AND c.unit_id = ?)`, f.jiaoyuID, f.jiaoyuID)
	if err != nil {
		t.Fatal(err)
	}
	type decision struct{ meeting, task, lead int64 }
	var ds []decision
	for rows.Next() {
		var d decision
		if err := rows.Scan(&d.meeting, &d.task, &d.lead); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	rows.Close()
	own, other := 0, 0
	for _, d := range ds {
		page := f.jiaoyu.Get("/meetings/" + itoa(d.meeting))
		if page.Code != http.StatusOK {
			t.Fatalf("meeting %d for 教育局 = %d", d.meeting, page.Code)
		}
		linked := strings.Contains(page.Body, `href="/tasks/`+itoa(d.task)+`"`)
		opens := f.jiaoyu.Get("/tasks/"+itoa(d.task)).Code == http.StatusOK
		if linked != opens {
			t.Errorf("meeting %d, task %d (lead %d): linked %v, opens %v", d.meeting, d.task, d.lead, linked, opens)
		}
		if d.lead == f.jiaoyuID {
			own++
		} else {
			other++
		}
	}
	if own == 0 || other == 0 {
		t.Fatalf("the demo should give 教育局 meetings with its own (%d) and other units' (%d) decisions", own, other)
	}
}
