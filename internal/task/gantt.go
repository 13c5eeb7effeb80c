package task

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"
	"tongchou/internal/store"

	"tongchou/internal/auth"
)

// The Gantt chart's geometry in SVG user units; the page scales it.
const (
	ganttLabelW  = 280 // the left column of names
	ganttChartW  = 880 // the time axis
	ganttRowH    = 26
	ganttHeadH   = 44 // month ticks and the legend above the rows
	ganttBarH    = 14
	ganttMaxText = 20 // runes of a label; the full title is in its tooltip
)

// ganttFill is each light's bar colour (presentation attributes, as the CSP
// forbids style attributes); a task without a light is grey.
var ganttFill = map[Light]string{LightRed: "#d93025", LightYellow: "#f9ab00", LightGreen: "#188038"}

// Gantt is the laid-out timeline of one page of a campaign's tasks, grouped by
// phase: everything the template needs is a coordinate or a string.
type Gantt struct {
	Width, Height int
	Months        []GanttTick
	Today         *GanttTick // nil when today is outside the chart
	Rows          []GanttRow
}

// GanttTick is a vertical mark on the time axis.
type GanttTick struct {
	X           int
	Year, Month int
}

// GanttRow is one line of the chart: a phase heading or a task bar.
type GanttRow struct {
	Y, TextY, BarY int // top of the row, baseline of its label, top of its bar
	Phase          bool
	TaskID         int64
	Label, Full    string
	Light          Light
	State          State
	Progress       int
	Start, End     string
	BarX, BarW     int
	FillW          int // the progress part of the bar
	Fill           string
	Milestones     []GanttMark
}

// GanttMark is a milestone's diamond.
type GanttMark struct {
	X      int
	Points string
	Title  string
	Date   string
}

// axis maps dates to x between from and to (inclusive).
type axis struct {
	from time.Time
	days float64
}

func (a axis) x(date string) int {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return ganttLabelW
	}
	f := d.Sub(a.from).Hours() / 24 / a.days
	return ganttLabelW + int(min(max(f, 0), 1)*ganttChartW)
}

// layoutGantt lays out tasks under their phases: the axis spans the campaign
// and every task shown, phases in order, tasks by start date inside a phase.
func layoutGantt(c Campaign, tasks []Task, today string) Gantt {
	from, to := c.StartDate, c.EndDate
	for _, t := range tasks {
		from, to = minStr(from, t.StartDate), maxStr(to, t.Deadline)
	}
	f, _ := time.Parse(dateLayout, from)
	e, _ := time.Parse(dateLayout, to)
	ax := axis{from: f, days: max(e.Sub(f).Hours()/24+1, 1)}
	g := Gantt{Width: ganttLabelW + ganttChartW + 60} // room for the last month label
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(e); m = m.AddDate(0, 1, 0) {
		if !m.Before(f) {
			g.Months = append(g.Months, GanttTick{X: ax.x(m.Format(dateLayout)), Year: m.Year(), Month: int(m.Month())})
		}
	}
	if today >= from && today <= to {
		g.Today = &GanttTick{X: ax.x(today)}
	}
	seq := map[int64]int{}
	for _, p := range c.Phases {
		seq[p.ID] = p.Seq
	}
	slices.SortStableFunc(tasks, func(a, b Task) int {
		return cmp.Or(cmp.Compare(phaseOrder(seq, a.PhaseID), phaseOrder(seq, b.PhaseID)), cmp.Compare(a.StartDate, b.StartDate))
	})
	y := ganttHeadH
	row := func(r GanttRow) {
		r.Y, r.TextY, r.BarY = y, y+ganttRowH/2+5, y+(ganttRowH-ganttBarH)/2
		g.Rows = append(g.Rows, r)
		y += ganttRowH
	}
	phase := int64(-1)
	for _, t := range tasks {
		if t.PhaseID != phase {
			phase = t.PhaseID
			row(phaseRow(c, phase, ax))
		}
		row(taskRow(t, ax))
	}
	g.Height = y + 10
	return g
}

// phaseOrder puts tasks without a phase last.
func phaseOrder(seq map[int64]int, id int64) int {
	if s, ok := seq[id]; ok {
		return s
	}
	return 1 << 30
}

func phaseRow(c Campaign, id int64, ax axis) GanttRow {
	r := GanttRow{Phase: true}
	for _, p := range c.Phases {
		if p.ID == id {
			r.Label, r.Full, r.Start, r.End = p.Name, p.Name, p.StartDate, p.EndDate
			r.BarX = ax.x(p.StartDate)
			r.BarW = max(ax.x(addDays(p.EndDate, 1))-r.BarX, 2)
		}
	}
	return r
}

func taskRow(t Task, ax axis) GanttRow {
	r := GanttRow{TaskID: t.ID, Label: clip(t.Title, ganttMaxText), Full: t.Title, Light: t.Light, State: t.State,
		Progress: t.Progress, Start: t.StartDate, End: t.Deadline, Fill: cmp.Or(ganttFill[t.Light], "#9aa0a6")}
	r.BarX = ax.x(t.StartDate)
	r.BarW = max(ax.x(addDays(t.Deadline, 1))-r.BarX, 3)
	r.FillW = r.BarW * min(max(t.Progress, 0), 100) / 100
	for _, m := range t.Milestones {
		x := ax.x(m.Date)
		r.Milestones = append(r.Milestones, GanttMark{X: x, Title: m.Title, Date: m.Date})
	}
	return r
}

// diamond is a milestone marker's points around (x, y).
func diamond(x, y int) string {
	p := func(a, b int) string { return strconv.Itoa(a) + "," + strconv.Itoa(b) }
	return p(x, y-7) + " " + p(x+7, y) + " " + p(x, y+7) + " " + p(x-7, y)
}

// placeMarks puts each milestone diamond on its row's bar, once the rows
// have their y.
func (g *Gantt) placeMarks() {
	for i := range g.Rows {
		r := &g.Rows[i]
		for j := range r.Milestones {
			r.Milestones[j].Points = diamond(r.Milestones[j].X, r.BarY+ganttBarH/2)
		}
	}
}

func minStr(a, b string) string {
	if b != "" && b < a {
		return b
	}
	return a
}

func maxStr(a, b string) string {
	if b > a {
		return b
	}
	return a
}

// fillMilestones loads the milestones of ts (lists leave them out).
func (s *Store) fillMilestones(ctx context.Context, ts []Task) error {
	if len(ts) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]int64, len(ts))
	for i, t := range ts {
		at[t.ID], ids[i] = i, t.ID
	}
	return eachRow(ctx, s.db, `SELECT task_id, id, title, due_date FROM task_milestones WHERE task_id IN (`+
		store.Placeholders(len(ids))+`) ORDER BY due_date, id`, store.IDArgs(ids), func(rows *sql.Rows) error {
		var task int64
		var m Milestone
		if err := rows.Scan(&task, &m.ID, &m.Title, &m.Date); err != nil {
			return fmt.Errorf("scan milestone: %w", err)
		}
		ts[at[task]].Milestones = append(ts[at[task]].Milestones, m)
		return nil
	})
}

// GanttPage lays out one page (PageSize tasks, by deadline) of the tasks of
// campaign c that p may see, optionally of one phase; the scope is the board's.
func (s *Store) GanttPage(ctx context.Context, p *auth.Principal, c Campaign, phase int64, page int) (Gantt, Board, error) {
	b, err := s.List(ctx, p, Filter{CampaignID: c.ID, PhaseID: phase, Page: page})
	if err != nil {
		return Gantt{}, b, err
	}
	if err := s.fillMilestones(ctx, b.Tasks); err != nil {
		return Gantt{}, b, err
	}
	g := layoutGantt(c, slices.Clone(b.Tasks), s.today())
	g.placeMarks()
	return g, b, nil
}
