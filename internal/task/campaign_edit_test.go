package task_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// otherOffice adds an office user of another unit than the campaign's owner.
func (f *fixture) otherOffice(t *testing.T) *auth.Principal {
	t.Helper()
	ctx := context.Background()
	id := insertID(t, f.db, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
		VALUES ('office2', '用户office2', ?, 'x', ?, ?)`, f.units["区委办公室"], clock(), clock())
	if _, err := f.db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, 'office')`, id); err != nil {
		t.Fatal(err)
	}
	p, err := auth.LoadPrincipal(ctx, f.db, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// reload reads the fixture's campaign as stored.
func (f *fixture) reload(t *testing.T) task.Campaign {
	t.Helper()
	c, err := f.s.Campaign(context.Background(), f.users[asOffice], f.campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestUpdateCampaign edits the fixture's campaign: every field saved and
// audited, then every refusal leaves the campaign as it was.
func TestUpdateCampaign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		office := f.users[asOffice]
		c := f.reload(t)
		if !c.ReportWorkdays || c.Version != 1 {
			t.Fatalf("new campaign: workdays %v version %d, want true 1", c.ReportWorkdays, c.Version)
		}
		ch := task.ChangeOf(&c)
		ch.Name, ch.EndDate = "大调研（修订）", "2026-11-30"
		ch.Phases[0].Name, ch.Phases[0].EndDate = "动员部署与培训", "2026-03-20"
		ch.Phases[1].StartDate, ch.Phases[1].EndDate = "2026-03-21", "2026-10-31"
		ch.Phases = append(ch.Phases, task.PhaseChange{Phase: task.Phase{Name: "总结提升", StartDate: "2026-11-01", EndDate: "2026-11-30"}})
		ch.Settings = task.Settings{LagRed: 20, LagYellow: 5, DueDays: 5, OrangeDays: 4, RedDays: 6}
		ch.ReportWorkdays = false
		if err := f.s.UpdateCampaign(ctx, office, c.ID, ch); err != nil {
			t.Fatalf("update: %v", err)
		}
		got := f.reload(t)
		if got.Name != "大调研（修订）" || got.EndDate != "2026-11-30" || got.Version != 2 || got.ReportWorkdays ||
			got.Settings != ch.Settings || len(got.Phases) != 3 || got.Phases[0].Name != "动员部署与培训" ||
			got.Phases[1].StartDate != "2026-03-21" || got.Phases[2].Name != "总结提升" || got.Phases[2].Seq != 3 {
			t.Fatalf("saved campaign = %+v", got)
		}
		var before, after string
		if err := db.QueryRow(ctx, `SELECT before_value, after_value FROM audit_log WHERE entity = 'campaign' AND action = 'update'
			AND entity_id = ?`, itoa(c.ID)).Scan(&before, &after); err != nil {
			t.Fatalf("audit entry: %v", err)
		}
		if !strings.Contains(before, `"LagRed":30`) || !strings.Contains(after, `"LagRed":20`) || !strings.Contains(after, "总结提升") {
			t.Errorf("audit before %s after %s", before, after)
		}
		t.Run("StaleVersionConflicts", func(t *testing.T) {
			if err := f.s.UpdateCampaign(ctx, office, c.ID, ch); !errors.Is(err, store.ErrConflict) {
				t.Fatalf("err = %v, want conflict", err)
			}
		})
		// the phase in use keeps its tasks; the empty one may go
		in := f.input()
		in.PhaseID = got.Phases[1].ID
		if _, err := f.s.Create(ctx, office, in); err != nil {
			t.Fatal(err)
		}
		base := func() task.CampaignChange { c := f.reload(t); return task.ChangeOf(&c) }
		for _, tc := range []struct {
			name  string
			as    *auth.Principal
			edit  func(ch *task.CampaignChange)
			field string // expected form error, or "" with want
			want  error
		}{
			{"LiaisonForbidden", f.users[asLiaison], func(*task.CampaignChange) {}, "", ui.ErrForbidden},
			{"OtherOfficeForbidden", f.otherOffice(t), func(*task.CampaignChange) {}, "", ui.ErrForbidden},
			{"EmptyNameRefused", office, func(ch *task.CampaignChange) { ch.Name = "  " }, "name", nil},
			{"HugeNameRefused", office, func(ch *task.CampaignChange) { ch.Name = strings.Repeat("名", 1<<20) }, "name", nil},
			{"BadDateRefused", office, func(ch *task.CampaignChange) { ch.StartDate = "2026-13-45" }, "start", nil},
			{"EndBeforeStartRefused", office, func(ch *task.CampaignChange) { ch.EndDate = "2026-02-01" }, "end", nil},
			{"YellowZeroRefused", office, func(ch *task.CampaignChange) { ch.Settings.LagYellow = 0 }, "lag_yellow", nil},
			{"YellowNotBelowRedRefused", office, func(ch *task.CampaignChange) { ch.Settings.LagYellow = 20 }, "lag_yellow", nil},
			{"RedOver100Refused", office, func(ch *task.CampaignChange) { ch.Settings.LagRed = 101 }, "lag_red", nil},
			{"DueDaysZeroRefused", office, func(ch *task.CampaignChange) { ch.Settings.DueDays = 0 }, "due_days", nil},
			{"DueDaysElevenRefused", office, func(ch *task.CampaignChange) { ch.Settings.DueDays = 11 }, "due_days", nil},
			{"OrangeZeroRefused", office, func(ch *task.CampaignChange) { ch.Settings.OrangeDays = 0 }, "orange_days", nil},
			{"RedDays31Refused", office, func(ch *task.CampaignChange) { ch.Settings.RedDays = 31 }, "red_days", nil},
			{"PhaseBeforePeriodRefused", office, func(ch *task.CampaignChange) { ch.Phases[0].StartDate = "2026-02-01" }, "phase0_start", nil},
			{"PhaseAfterPeriodRefused", office, func(ch *task.CampaignChange) { ch.Phases[2].EndDate = "2026-12-31" }, "phase2_end", nil},
			{"PhaseOverlapRefused", office, func(ch *task.CampaignChange) { ch.Phases[1].StartDate = "2026-03-20" }, "phase1_start", nil},
			{"PhaseOutOfOrderRefused", office, func(ch *task.CampaignChange) {
				ch.Phases[0], ch.Phases[2] = ch.Phases[2], ch.Phases[0]
			}, "phase1_start", nil},
			{"PhaseNamelessRefused", office, func(ch *task.CampaignChange) { ch.Phases[2].Name = "" }, "phase2_name", nil},
			{"PhaseWithTasksKept", office, func(ch *task.CampaignChange) { ch.Phases[1].Remove = true }, "phase1_name", nil},
			{"LostPhaseRowBadRequest", office, func(ch *task.CampaignChange) { ch.Phases = ch.Phases[:2] }, "", ui.ErrBadRequest},
			{"ForeignPhaseBadRequest", office, func(ch *task.CampaignChange) { ch.Phases[2].ID = 999999 }, "", ui.ErrBadRequest},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ch := base()
				tc.edit(&ch)
				err := f.s.UpdateCampaign(ctx, tc.as, c.ID, ch)
				if tc.field != "" {
					if e := ui.AsErrors(err); e == nil || e[tc.field] == "" {
						t.Fatalf("err = %v, want an error on %s", err, tc.field)
					}
				} else if !errors.Is(err, tc.want) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if now := f.reload(t); now.Version != 2 || now.Name != "大调研（修订）" || len(now.Phases) != 3 {
					t.Errorf("campaign changed: %+v", now)
				}
			})
		}
		t.Run("EmptyPhaseRemoved", func(t *testing.T) {
			ch := base()
			ch.Phases[2].Remove = true
			if err := f.s.UpdateCampaign(ctx, office, c.ID, ch); err != nil {
				t.Fatal(err)
			}
			if now := f.reload(t); len(now.Phases) != 2 || now.Version != 3 {
				t.Fatalf("phases %+v version %d", now.Phases, now.Version)
			}
		})
	})
}

// TestThresholdChangeRelights checks that lights follow the campaign's
// thresholds at once: a task lagging 25 points is yellow under the default
// red threshold of 30 and red once the office sets it to 20.
func TestThresholdChangeRelights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		office := f.users[asOffice]
		in := f.input()
		// today 2026-05-06 is day 30 of 60: the schedule is exactly 50 %
		in.StartDate, in.Deadline, in.ReportCycle, in.Milestones = "2026-04-06", "2026-06-05", "none", nil
		id, err := f.s.Create(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE tasks SET state = 'in_progress', progress = 25 WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		light := func() task.Light {
			t.Helper()
			b, err := f.s.List(ctx, office, task.Filter{CampaignID: f.campaign.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range b.Tasks {
				if x.ID == id {
					return x.Light
				}
			}
			t.Fatal("task not listed")
			return ""
		}
		for _, step := range []struct {
			name        string
			red, yellow int
			want        task.Light
		}{
			{"YellowAtDefaults", 30, 10, task.LightYellow},
			{"RedOnceRedIs20", 20, 10, task.LightRed},
			{"GreenOnceYellowIs26", 40, 26, task.LightGreen},
		} {
			t.Run(step.name, func(t *testing.T) {
				c := f.reload(t)
				ch := task.ChangeOf(&c)
				ch.Settings.LagRed, ch.Settings.LagYellow = step.red, step.yellow
				if err := f.s.UpdateCampaign(ctx, office, c.ID, ch); err != nil {
					t.Fatal(err)
				}
				if got := light(); got != step.want {
					t.Fatalf("light = %s, want %s", got, step.want)
				}
			})
		}
	})
}
