package demo_test

import (
	"testing"

	"tongchou/internal/auth"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/task"
)

// TestDemoReportsLights loads the demo and checks that its report history
// gives the board the mix of lights the demo is meant to show, computed by
// the task store from the reports, and that some reports are late and some
// were returned.
func TestDemoReportsLights(t *testing.T) {
	env := authtest.New(t)
	ctx := t.Context()
	db := env.App.DB
	var officeID, campaignID int64
	if err := db.QueryRow(ctx, `SELECT id FROM users WHERE username = 'ducha'`).Scan(&officeID); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT MIN(id) FROM campaigns`).Scan(&campaignID); err != nil {
		t.Fatal(err)
	}
	office, err := auth.LoadPrincipal(ctx, db, officeID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := task.New(db, env.App.Audit, env.Clock.Now).List(ctx, office, task.Filter{CampaignID: campaignID})
	if err != nil {
		t.Fatal(err)
	}
	lights := map[task.Light]int{}
	for _, tk := range b.Tasks {
		if !tk.State.Final() {
			lights[tk.Light]++
		}
		t.Logf("%-6s %-20s %3d%% %s", tk.Light, tk.State, tk.Progress, tk.Title)
	}
	count := func(q string) int {
		var n int
		if err := db.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"red open tasks", lights[task.LightRed], 2},
		{"yellow open tasks", lights[task.LightYellow], 2},
		{"green open tasks", lights[task.LightGreen], 5},
		{"returned reports", count(`SELECT COUNT(*) FROM task_reports WHERE status = 'returned' AND review_comment <> ''`), 1},
		{"late reports", count(`SELECT COUNT(*) FROM task_reports WHERE late`), 1},
		{"accepted reports", count(`SELECT COUNT(*) FROM task_reports WHERE status = 'accepted'`), 20},
		{"reports awaiting review", count(`SELECT COUNT(*) FROM task_reports WHERE status = 'submitted'`), 1},
		{"unit head of 教育局", count(`SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
			JOIN units n ON n.id = u.unit_id WHERE u.username = 'jiaoyu_head' AND r.role = 'unithead' AND n.name = '教育局'`), 1},
	} {
		if tc.got < tc.want {
			t.Errorf("%s = %d, want at least %d", tc.what, tc.got, tc.want)
		}
	}
}
