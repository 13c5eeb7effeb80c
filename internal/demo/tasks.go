package demo

import (
	"context"
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Seeded is what LoadTasks put in: the campaign and its tasks, for the
// loaders that add reports, notices and instructions on top.
type Seeded struct {
	CampaignID int64
	Tasks      []SeededTask
}

// SeededTask is one demo task.
type SeededTask struct {
	ID       int64
	Title    string
	Unit     string
	State    task.State
	Progress int
	Cycle    string
}

// demoTask is a row of the plan: days are relative to the load day.
type demoTask struct {
	title, lead string
	co          []string
	tags        []string
	source      string
	phase       int
	start, due  int // days from today
	state       task.State
	progress    int
	parent      int // index+1 of the parent row, 0 for none
}

// LoadTasks adds the campaign 大调研、大融合、大发展, started two months
// before the load day, with four phases and about forty tasks across units
// in every state, inside the demo's transaction.
func LoadTasks(ctx context.Context, tx *store.Tx, d Deps, units map[string]int64) (Seeded, error) {
	var out Seeded
	var officeID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = 'ducha'`).Scan(&officeID); err != nil {
		return out, fmt.Errorf("demo office: %w", err)
	}
	office, err := auth.LoadPrincipal(ctx, tx, officeID)
	if err != nil {
		return out, err
	}
	var leaderID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = 'leader'`).Scan(&leaderID); err != nil {
		return out, fmt.Errorf("demo leader: %w", err)
	}
	s := task.New(d.DB, d.Audit, d.Now)
	day := func(n int) string { return d.Now().In(ui.Shanghai).AddDate(0, 0, n).Format("2006-01-02") }
	c := task.Campaign{Name: "大调研、大融合、大发展", StartDate: day(-60), EndDate: day(183), Settings: task.DefaultSettings,
		Description: "围绕区划调整后青石镇、柳溪乡的融合发展，开展大调研、推动大融合、实现大发展。"}
	bounds := [][2]int{{-60, -46}, {-45, -15}, {-14, 153}, {154, 183}}
	for i, name := range task.DefaultPhases {
		c.Phases = append(c.Phases, task.Phase{Name: name, StartDate: day(bounds[i][0]), EndDate: day(bounds[i][1])})
	}
	if err := s.CreateCampaignIn(ctx, tx, office, &c); err != nil {
		return out, err
	}
	out.CampaignID = c.ID
	ids := make([]int64, len(demoPlan))
	for i, p := range demoPlan {
		in := task.Input{CampaignID: c.ID, PhaseID: c.Phases[p.phase].ID, Title: p.title, Content: "按照活动方案要求，" + p.title + "，形成工作台账。",
			Weight: 1, Source: p.source, LeadUnitID: units[p.lead], LeaderID: leaderID, StartDate: day(p.start), Deadline: day(p.due),
			ReportCycle: "weekly", Tags: p.tags}
		if p.parent > 0 {
			in.ParentID = ids[p.parent-1]
		}
		for _, u := range p.co {
			in.CoUnitIDs = append(in.CoUnitIDs, units[u])
		}
		if in.LeadUnitID == 0 || slices.Contains(in.CoUnitIDs, 0) {
			return out, fmt.Errorf("demo task %q: unknown unit", p.title)
		}
		if ids[i], err = s.Seed(ctx, tx, office, in, p.state, p.progress); err != nil {
			return out, err
		}
		out.Tasks = append(out.Tasks, SeededTask{ID: ids[i], Title: p.title, Unit: p.lead, State: p.state, Progress: p.progress, Cycle: in.ReportCycle})
	}
	return out, nil
}
