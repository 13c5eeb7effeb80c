package briefing

import (
	"time"

	"tongchou/internal/task"
)

// fastCal answers working-day questions from a table of days computed once
// from the calendar: the briefing asks millions of them (every due date of
// every task), and the calendar's own lookup formats each date as text.
type fastCal struct {
	cal   task.Workdays
	epoch time.Time
	days  []int8 // 0 unknown, 1 working day, 2 day off
}

// newFastCal covers the years around the period; other dates fall through to cal.
func newFastCal(cal task.Workdays, around time.Time) *fastCal {
	epoch := time.Date(around.Year()-3, 1, 1, 0, 0, 0, 0, time.UTC)
	return &fastCal{cal: cal, epoch: epoch, days: make([]int8, 7*366)}
}

// IsWorkday implements task.Workdays.
func (f *fastCal) IsWorkday(d time.Time) bool {
	y, m, dd := d.Date()
	i := int(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Sub(f.epoch).Hours() / 24)
	if i < 0 || i >= len(f.days) {
		return f.cal.IsWorkday(d)
	}
	switch f.days[i] {
	case 1:
		return true
	case 2:
		return false
	}
	w := f.cal.IsWorkday(d)
	f.days[i] = 2
	if w {
		f.days[i] = 1
	}
	return w
}
