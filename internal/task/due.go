package task

import "time"

// Report cycles as stored in tasks.report_cycle.
const (
	cycleWeekly   = "weekly"
	cycleBiweekly = "biweekly"
	cycleMonthly  = "monthly"
)

// DueDates lists a task's report due dates, oldest first. The rule (the
// issue leaves it to us; this is what we chose):
//
//   - Time is cut into periods: weeks Monday–Sunday (weekly); two such weeks,
//     counted from the week the task starts in (biweekly); calendar months
//     (monthly). A cycle of "none" (or an unknown one) has no due dates.
//   - With workingDays (the campaign's choice), a period's report is due on
//     its last working day by the holiday calendar: a Friday that is a
//     holiday moves it to the previous working day, an adjusted working
//     Saturday (调休) takes it, and a period with no working day at all (the
//     春节 week of 2026) has no report.
//     Without workingDays, it is due on the period's Friday (weekly and
//     biweekly) or on the month's last calendar day, holiday or not.
//   - The period the deadline falls in is due on its last due day on or
//     before the deadline, so the final stretch is reported too.
//   - Only dates after the start day and up to the deadline count: nothing
//     is reported on the day the task starts.
func DueDates(cycle string, start, deadline time.Time, workingDays bool, cal Workdays) []time.Time {
	start, deadline = civil(start), civil(deadline)
	if deadline.Before(start) {
		return nil
	}
	var out []time.Time
	for p := firstPeriod(cycle, start); p.ok && !p.from.After(deadline); p = p.next(cycle) {
		last := p.to
		if last.After(deadline) {
			last = deadline
		}
		due, ok := dueIn(p.from, last, p.to, workingDays, cycle, cal)
		if ok && due.After(start) {
			out = append(out, due)
		}
	}
	return out
}

// period is one reporting period, both ends included.
type period struct {
	from, to time.Time
	ok       bool
}

func firstPeriod(cycle string, start time.Time) period {
	switch cycle {
	case cycleWeekly:
		m := monday(start)
		return period{from: m, to: m.AddDate(0, 0, 6), ok: true}
	case cycleBiweekly:
		m := monday(start)
		return period{from: m, to: m.AddDate(0, 0, 13), ok: true}
	case cycleMonthly:
		f := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
		return period{from: f, to: f.AddDate(0, 1, -1), ok: true}
	}
	return period{}
}

func (p period) next(cycle string) period {
	from := p.to.AddDate(0, 0, 1)
	switch cycle {
	case cycleWeekly:
		return period{from: from, to: from.AddDate(0, 0, 6), ok: true}
	case cycleBiweekly:
		return period{from: from, to: from.AddDate(0, 0, 13), ok: true}
	default:
		return period{from: from, to: from.AddDate(0, 1, -1), ok: true}
	}
}

// dueIn finds the due day of the period from..end (end is the period's end
// or the deadline, whichever is first; periodEnd the period's own end).
func dueIn(from, end, periodEnd time.Time, workingDays bool, cycle string, cal Workdays) (time.Time, bool) {
	if workingDays {
		for d := end; !d.Before(from); d = d.AddDate(0, 0, -1) {
			if cal.IsWorkday(d) {
				return d, true
			}
		}
		return time.Time{}, false
	}
	due := periodEnd // the month's last day
	if cycle != cycleMonthly {
		due = periodEnd.AddDate(0, 0, -2) // the period's (last) Friday
	}
	if due.After(end) {
		due = end // the deadline comes first
	}
	return due, true
}

// monday is the Monday of t's week (weeks run Monday–Sunday, as in China).
func monday(t time.Time) time.Time {
	off := (int(t.Weekday()) + 6) % 7
	return t.AddDate(0, 0, -off)
}
