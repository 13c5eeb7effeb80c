package task

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// UnitFigures are one lead unit's figures in a campaign (the unit comparison).
type UnitFigures struct {
	UnitID     int64
	Unit       string
	Tasks      int // tasks it leads, assigned or later, not cancelled
	Done       int
	ReportsDue int // report due dates passed or answered so far
	OnTime     int // of those, first submitted by the end of the due date
	Yellow     int // tasks whose own light is yellow
	Red        int
}

// LaggingRate is the on-time report rate (%) below which a unit stands out.
const LaggingRate = 60

// OnTimeRate is the on-time report rate in percent; -1 when nothing was due yet.
func (u UnitFigures) OnTimeRate() float64 {
	if u.ReportsDue == 0 {
		return -1
	}
	return 100 * float64(u.OnTime) / float64(u.ReportsDue)
}

// CompletionRate is done ÷ tasks in percent; 0 without tasks.
func (u UnitFigures) CompletionRate() float64 {
	if u.Tasks == 0 {
		return 0
	}
	return 100 * float64(u.Done) / float64(u.Tasks)
}

// Lagging reports whether the unit has a red task or reports on time less than LaggingRate % of the time.
func (u UnitFigures) Lagging() bool {
	r := u.OnTimeRate()
	return u.Red > 0 || (r >= 0 && r < LaggingRate)
}

// CompareUnits computes the figures of every lead unit of a campaign, for the
// office and leaders (who see all units). Choices: drafts (not yet handed
// over) and cancelled tasks count nowhere; a task's OWN light counts, not the
// one rolled up from sub-tasks, so a unit is not charged for another unit's
// sub-task; a finished task's report dates after it finished are not due.
func (s *Store) CompareUnits(ctx context.Context, p *auth.Principal, campaign int64) ([]UnitFigures, error) {
	if !p.SeesAllUnits() {
		return nil, ui.ErrForbidden
	}
	return s.compareCached(ctx, campaign) // compare_fast.go
}

// add counts one task into the unit's figures.
func (u *UnitFigures) add(t *Task, rules lightRules, cal *workday.Calendar, reports []Report, today string) error {
	u.Tasks++
	if t.State == StateDone {
		u.Done++
	}
	dues := dueOutcomes(t, rules.WorkingDays, cal, reports, today)
	until := today
	if t.State.Final() {
		until = min(today, t.UpdatedAt.In(shanghai).Format(dateLayout))
	}
	for _, d := range dues {
		if d.Date > until || d.Outcome == OutcomePending {
			continue
		}
		u.ReportsDue++
		if d.Outcome == OutcomeOnTime {
			u.OnTime++
		}
	}
	l, _, err := lightOf(t, rules.Thresholds, cal, dues, today)
	switch l {
	case LightYellow:
		u.Yellow++
	case LightRed:
		u.Red++
	}
	return err
}

// CompareSorts are the columns the comparison sorts by (?sort=, "-" first for descending).
var CompareSorts = []string{"unit", "tasks", "done", "ontime", "completion", "yellow", "red"}

// SortUnits orders figures by a sort key; unknown keys sort by red count,
// worst first. Ties keep the unit order.
func SortUnits(figs []UnitFigures, key string) string {
	desc := strings.HasPrefix(key, "-")
	col := strings.TrimPrefix(key, "-")
	if !slices.Contains(CompareSorts, col) {
		col, desc, key = "red", true, "-red"
	}
	by := map[string]func(a, b UnitFigures) int{
		"unit":       func(a, b UnitFigures) int { return cmp.Compare(a.UnitID, b.UnitID) },
		"tasks":      func(a, b UnitFigures) int { return cmp.Compare(a.Tasks, b.Tasks) },
		"done":       func(a, b UnitFigures) int { return cmp.Compare(a.Done, b.Done) },
		"ontime":     func(a, b UnitFigures) int { return cmp.Compare(a.OnTimeRate(), b.OnTimeRate()) },
		"completion": func(a, b UnitFigures) int { return cmp.Compare(a.CompletionRate(), b.CompletionRate()) },
		"yellow":     func(a, b UnitFigures) int { return cmp.Compare(a.Yellow, b.Yellow) },
		"red":        func(a, b UnitFigures) int { return cmp.Compare(a.Red, b.Red) },
	}[col]
	slices.SortStableFunc(figs, func(a, b UnitFigures) int {
		if desc {
			return cmp.Or(by(b, a), cmp.Compare(a.UnitID, b.UnitID))
		}
		return cmp.Or(by(a, b), cmp.Compare(a.UnitID, b.UnitID))
	})
	return key
}

// OnTimeText is the on-time rate for display: "83%", or "—" when nothing was due.
func (u UnitFigures) OnTimeText() string { return pctText(u.OnTimeRate()) }

// CompletionText is the completion rate for display.
func (u UnitFigures) CompletionText() string { return pctText(u.CompletionRate()) }

func pctText(v float64) string {
	if v < 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", v)
}
