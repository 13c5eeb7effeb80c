package task_test

import (
	"context"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// TestCreateCampaignSettingsLimits: the create form refuses the settings the
// edit form would refuse, and stores nothing.
func TestCreateCampaignSettingsLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			edit  func(*task.Settings)
			field string
		}{
			{"YellowZeroRefused", func(s *task.Settings) { s.LagYellow = 0 }, "lag_yellow"},
			{"YellowNotBelowRedRefused", func(s *task.Settings) { s.LagYellow = 30 }, "lag_yellow"},
			{"DueDaysZeroRefused", func(s *task.Settings) { s.DueDays = 0 }, "due_days"},
			{"DueDaysElevenRefused", func(s *task.Settings) { s.DueDays = 11 }, "due_days"},
			{"OrangeDaysZeroRefused", func(s *task.Settings) { s.OrangeDays = 0 }, "orange_days"},
			{"RedDaysThirtyOneRefused", func(s *task.Settings) { s.RedDays = 31 }, "red_days"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := task.Campaign{Name: "设置校验", StartDate: "2026-03-01", EndDate: "2026-10-31", Settings: task.DefaultSettings}
				tc.edit(&c.Settings)
				err := f.s.CreateCampaign(ctx, f.users["office"], &c)
				if ui.AsErrors(err)[tc.field] == "" {
					t.Fatalf("CreateCampaign = %v, want an error on %s", err, tc.field)
				}
				var n int
				db.QueryRow(ctx, `SELECT COUNT(*) FROM campaigns WHERE name = '设置校验'`).Scan(&n)
				if n != 0 {
					t.Fatal("a refused campaign was stored")
				}
			})
		}
	})
}
