package task

import (
	"math"
	"strconv"
	"time"
)

// Light is a task's computed warning colour (亮灯). It is never typed in.
type Light string

// The lights, from none to worst.
const (
	LightGrey   Light = "grey"   // done or cancelled: no light
	LightGreen  Light = "green"  // on track
	LightYellow Light = "yellow" // needs attention
	LightRed    Light = "red"    // behind
)

// rank orders lights so that the worst wins.
func (l Light) rank() int {
	switch l {
	case LightRed:
		return 3
	case LightYellow:
		return 2
	case LightGreen:
		return 1
	}
	return 0
}

// Outcome is what became of one report due date.
type Outcome string

// Report outcomes of a due date.
const (
	OutcomeOnTime  Outcome = "on_time" // first submitted by the end of the due date
	OutcomeLate    Outcome = "late"    // first submitted after the due date
	OutcomeMissing Outcome = "missing" // the due date passed with no report
	OutcomePending Outcome = "pending" // due today or later, not yet submitted
)

// Thresholds are the light rule's numbers, configurable per campaign.
type Thresholds struct {
	LagRed      int // red when the lag behind schedule is MORE than this many points
	LagYellow   int // yellow when the lag is at least this many points (up to LagRed inclusive)
	DueWorkdays int // yellow when the deadline is within this many working days, today included
}

// DefaultThresholds are the numbers local governments use.
func DefaultThresholds() Thresholds { return Thresholds{LagRed: 30, LagYellow: 10, DueWorkdays: 3} }

// Workdays answers whether a civil date is a working day (*workday.Calendar does).
type Workdays interface {
	IsWorkday(d time.Time) bool
}

// LightInput is everything the light rule looks at. Dates are civil dates;
// their clock time and location are ignored.
type LightInput struct {
	Closed   bool      // the task is done (办结) or cancelled
	Start    time.Time // start date
	Deadline time.Time // the ORIGINAL deadline, or the new one once an extension was approved
	Progress int       // reported progress, 0–100
	Today    time.Time // today's date in Asia/Shanghai
	Reports  []Outcome // outcomes of the due dates up to today, oldest first; pending ones are ignored
}

// Reason says why a light is what it is; Key is a message key, Arg fills {0}.
type Reason struct {
	Key string
	Arg string
}

// Reason keys (messages in the locales).
const (
	ReasonOverdue    = "light.reason.overdue"     // 逾期
	ReasonLag        = "light.reason.lag"         // 进度滞后序时进度{0}个百分点 (red or yellow)
	ReasonMissingTwo = "light.reason.missing_two" // 连续两次未报送
	ReasonDueSoon    = "light.reason.due_soon"    // {0}个工作日内到期
	ReasonLastLate   = "light.reason.last_late"   // 上次报送迟报
)

// lagDecimals is how many decimals a lag shows with.
const lagDecimals = 1

// ComputeLight is the light rule (亮灯), exactly as DESIGN.md states it:
//
//   - grey when the task is done or cancelled;
//   - red when it is overdue (today is after the deadline), when its progress
//     lags the time-proportional schedule (序时进度) by MORE than t.LagRed
//     points, or when two consecutive reports are missing;
//   - else yellow when the deadline is within t.DueWorkdays working days
//     (today included), when the lag is between t.LagYellow and t.LagRed
//     points (both inclusive), or when the last report was late (until an
//     on-time one follows);
//   - else green.
//
// It returns the reasons for the colour it chose (red reasons for red, yellow
// reasons for yellow; none for green and grey). Choices where the rule is
// silent are documented beside the code they govern.
func ComputeLight(in LightInput, t Thresholds, cal Workdays) (Light, []Reason) {
	if in.Closed {
		return LightGrey, nil
	}
	start, deadline, today := civil(in.Start), civil(in.Deadline), civil(in.Today)
	lag := Lag(start, deadline, today, in.Progress)
	var red, yellow []Reason
	// The deadline day itself is not overdue: work is due by the end of it.
	if today.After(deadline) {
		red = append(red, Reason{Key: ReasonOverdue})
	}
	switch {
	case lag.Num > int64(t.LagRed)*lag.Den:
		red = append(red, Reason{Key: ReasonLag, Arg: lag.String()})
	case lag.Num >= int64(t.LagYellow)*lag.Den:
		yellow = append(yellow, Reason{Key: ReasonLag, Arg: lag.String()})
	}
	if missingRun(in.Reports) >= 2 {
		red = append(red, Reason{Key: ReasonMissingTwo})
	}
	if len(red) > 0 {
		return LightRed, red
	}
	if dueWithin(today, deadline, t.DueWorkdays, cal) {
		yellow = append([]Reason{{Key: ReasonDueSoon, Arg: strconv.Itoa(t.DueWorkdays)}}, yellow...)
	}
	if lastLate(in.Reports) {
		yellow = append(yellow, Reason{Key: ReasonLastLate})
	}
	if len(yellow) > 0 {
		return LightYellow, yellow
	}
	return LightGreen, nil
}

// Worst is a parent's light: the worst of its children's. A parent without
// children, or whose children are all closed, shows grey. A parent that is
// itself done or cancelled is grey whatever its children show: call
// ComputeLight for it first.
func Worst(children []Light) Light {
	w := LightGrey
	for _, l := range children {
		if l.rank() > w.rank() {
			w = l
		}
	}
	return w
}

// LagPoints is a lag behind schedule as an exact fraction of percentage
// points (Num/Den), so that the thresholds compare without rounding.
type LagPoints struct {
	Num, Den int64
}

// Points is the lag as a number, for display and sorting.
func (l LagPoints) Points() float64 { return float64(l.Num) / float64(l.Den) }

// String shows the lag with at most one decimal, rounded UP, so that a lag
// just over the red threshold never reads as the threshold itself.
func (l LagPoints) String() string {
	v := math.Ceil(l.Points()*math.Pow10(lagDecimals)-1e-9) / math.Pow10(lagDecimals)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Lag is how many points progress trails the time-proportional schedule
// (序时进度): calendar days elapsed from start to today ÷ calendar days from
// start to deadline, as a percentage capped to 0–100. Choices:
//   - elapsed days are today − start, so on the start day the schedule is 0 %
//     and on the deadline day 100 %;
//   - before the start the schedule is 0 %, so a task that has not started
//     never lags;
//   - when start == deadline (a one-day task) the schedule is 0 % before that
//     day and 100 % from it;
//   - progress ahead of schedule is a negative lag, never a warning.
func Lag(start, deadline, today time.Time, progress int) LagPoints {
	total := days(start, deadline)
	elapsed := days(start, today)
	if total <= 0 {
		// one-day task (or a deadline before the start, which validation
		// refuses): all or nothing
		total = 1
		elapsed = min(max(elapsed+1, 0), 1)
	}
	elapsed = min(max(elapsed, 0), total)
	return LagPoints{Num: elapsed*100 - int64(progress)*total, Den: total}
}

// missingRun counts the missing reports at the end of the sequence, pending
// ones skipped. Only the current run counts: two misses long ago, followed
// by a submitted report, no longer make the task red.
func missingRun(rs []Outcome) int {
	n := 0
	for i := len(rs) - 1; i >= 0; i-- {
		switch rs[i] {
		case OutcomePending:
			continue
		case OutcomeMissing:
			n++
		default:
			return n
		}
	}
	return n
}

// lastLate reports whether the most recent submitted report was late.
// Missing ones after it do not end the lateness (only an on-time report
// does); they are judged by the missing rule.
func lastLate(rs []Outcome) bool {
	for i := len(rs) - 1; i >= 0; i-- {
		switch rs[i] {
		case OutcomeLate:
			return true
		case OutcomeOnTime:
			return false
		}
	}
	return false
}

// dueWithin reports whether the deadline is today or later and the working
// days from today to the deadline, both included, are at most n. Today counts
// only when it is a working day; a deadline on a holiday or weekend that is
// today still counts (zero working days left). It stops counting after n+1
// working days, so a far deadline costs little.
func dueWithin(today, deadline time.Time, n int, cal Workdays) bool {
	if deadline.Before(today) {
		return false
	}
	count := 0
	for d := today; !d.After(deadline); d = d.AddDate(0, 0, 1) {
		if cal.IsWorkday(d) {
			count++
			if count > n {
				return false
			}
		}
	}
	return true
}

// civil keeps the calendar date of t (in t's own location) at UTC midnight,
// so that day differences are exact.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// days is the number of calendar days from a to b (negative when b is before a).
func days(a, b time.Time) int64 {
	return int64(civil(b).Sub(civil(a)).Hours()) / 24
}
