package briefing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

const dateLayout = "2006-01-02"

// ErrPeriod is returned for a period whose dates are malformed or reversed.
var ErrPeriod = errors.New("briefing: bad period")

// Compute computes a briefing's figures for a campaign and the period from
// … to ('YYYY-MM-DD', both included). Lights and report outcomes are judged
// on the period's last day, so the same data give the same figures whenever
// they are computed. Choices beside the code: drafts and cancelled tasks
// count nowhere; a task counts for its lead unit with its OWN light (a unit
// is not charged for another unit's sub-task); a finished task's report
// dates after it was done are not due.
func Compute(ctx context.Context, q store.Querier, campaign int64, from, to string) (Figures, error) {
	fromT, err1 := time.Parse(dateLayout, from)
	toT, err2 := time.Parse(dateLayout, to)
	if err1 != nil || err2 != nil || toT.Before(fromT) {
		return Figures{}, ErrPeriod
	}
	f := Figures{CampaignID: campaign, From: from, To: to}
	if err := q.QueryRow(ctx, `SELECT name FROM campaigns WHERE id = ?`, campaign).Scan(&f.CampaignName); err != nil {
		return Figures{}, store.NotFound(err, "campaign")
	}
	var err error
	if f.Settings, err = LoadSettings(ctx, q, campaign); err != nil {
		return Figures{}, err
	}
	c := &calc{f: &f, from: from, to: to, units: map[int64]*UnitRow{}, inactive: map[int64]bool{}, lights: map[int64]task.Light{}}
	if c.th, c.workingDays, err = task.CampaignRules(ctx, q, campaign); err != nil {
		return Figures{}, err
	}
	full, err := workday.Load(ctx, q)
	if err != nil {
		return Figures{}, err
	}
	c.cal = newFastCal(full, toT)
	// the period as instants: Shanghai midnight of from to Shanghai midnight after to
	c.fromAt = time.Date(fromT.Year(), fromT.Month(), fromT.Day(), 0, 0, 0, 0, ui.Shanghai).UTC()
	c.toAt = time.Date(toT.Year(), toT.Month(), toT.Day()+1, 0, 0, 0, 0, ui.Shanghai).UTC()
	span := int(toT.Sub(fromT).Hours()/24) + 1
	f.NextFrom = toT.AddDate(0, 0, 1).Format(dateLayout)
	f.NextTo = toT.AddDate(0, 0, max(span, 7)).Format(dateLayout)
	steps := []func(context.Context, store.Querier) error{c.loadUnits, c.loadTasks, c.walkReports, c.problems, c.nextSteps, c.change, c.decisions}
	for _, step := range steps {
		if err := step(ctx, q); err != nil {
			return Figures{}, err
		}
	}
	c.rank()
	o := f.Overall
	f.Empty = o.ReportsDue == 0 && o.CompletionDue == 0 && o.DoneInPeriod == 0
	return f, nil
}

// calc holds one computation's state.
type calc struct {
	f            *Figures
	from, to     string
	fromAt, toAt time.Time
	th           task.Thresholds
	workingDays  bool
	cal          *fastCal
	units        map[int64]*UnitRow
	inactive     map[int64]bool
	lights       map[int64]task.Light
	windowFrom   map[string]string // by cycle, the first due date whose reports are read
	index        map[int64]int     // task id → position in tasks
	unitOrder    []int64
	tasks        []*taskRow
	basis        Basis
}

// BasisOf lists the tasks and units figures were computed from.
func BasisOf(f Figures, tasks []int64) Basis {
	b := Basis{Tasks: tasks, Units: []int64{}}
	for _, u := range f.Units {
		b.Units = append(b.Units, u.UnitID)
	}
	return b
}

// unit returns the row of a unit, adding it when it was not listed (a lead
// unit that is inactive now, say).
func (c *calc) unit(id int64) *UnitRow {
	if u, ok := c.units[id]; ok {
		return u
	}
	u := &UnitRow{UnitID: id}
	c.units[id] = u
	c.unitOrder = append(c.unitOrder, id)
	return u
}

// inPeriod reports whether a date falls in the period.
func (c *calc) inPeriod(d string) bool { return d >= c.from && d <= c.to }

// rank scores every unit, ranks each 序列 and lists the units in order.
func (c *calc) rank() {
	bySeries := map[string][]UnitRow{}
	var unranked []UnitRow
	for _, id := range c.unitOrder {
		u := c.units[id]
		if u.Tasks == 0 && (u.Series == "" || c.inactive[id]) {
			continue // a committee, organisation or closed unit without tasks: nothing to say
		}
		score(u, c.f.Settings)
		if u.Series == "" {
			u.Rank = 0
			unranked = append(unranked, *u)
			continue
		}
		bySeries[u.Series] = append(bySeries[u.Series], *u)
	}
	c.f.Series = []Series{}
	c.f.Units = []UnitRow{}
	for _, key := range []string{SeriesDepartment, SeriesTown} {
		if len(bySeries[key]) == 0 {
			continue
		}
		s := rankSeries(key, bySeries[key], c.f.Settings)
		c.f.Series = append(c.f.Series, s)
		c.f.Units = append(c.f.Units, s.Rows...)
	}
	c.f.Units = append(c.f.Units, unranked...)
}

// loadUnits lists the active units; those of a ranked kind are listed even
// without tasks (as 无应办事项).
func (c *calc) loadUnits(ctx context.Context, q store.Querier) error {
	rows, err := q.Query(ctx, `SELECT id, name, kind, active FROM units ORDER BY id`)
	if err != nil {
		return fmt.Errorf("briefing units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u UnitRow
		var active bool
		if err := rows.Scan(&u.UnitID, &u.Name, &u.Kind, &active); err != nil {
			return fmt.Errorf("briefing units: %w", err)
		}
		u.Series = seriesOf(u.Kind)
		if !active {
			c.inactive[u.UnitID] = true
		}
		*c.unit(u.UnitID) = u
	}
	return rows.Err()
}
