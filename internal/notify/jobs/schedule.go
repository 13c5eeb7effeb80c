package jobs

import (
	"fmt"
	"strings"
	"time"

	"tongchou/internal/ui"
)

// Schedule says when a job runs: every fixed interval, or daily at a wall-clock
// time in Asia/Shanghai (where every office keeps its hours).
type Schedule struct {
	Every time.Duration // > 0: an interval
	Hour  int           // daily at Hour:Minute, Shanghai time, when Every is 0
	Min   int
}

// Every returns an interval schedule.
func Every(d time.Duration) Schedule { return Schedule{Every: d} }

// Daily returns a schedule that runs once a day at hour:min Shanghai time.
func Daily(hour, min int) Schedule { return Schedule{Hour: hour, Min: min} }

// String is the stored form: "every 5m0s" or "daily 08:30".
func (s Schedule) String() string {
	if s.Every > 0 {
		return "every " + s.Every.String()
	}
	return fmt.Sprintf("daily %02d:%02d", s.Hour, s.Min)
}

// ParseSchedule reads the stored form back.
func ParseSchedule(v string) (Schedule, error) {
	kind, arg, _ := strings.Cut(strings.TrimSpace(v), " ")
	switch kind {
	case "every":
		d, err := time.ParseDuration(arg)
		if err != nil || d <= 0 {
			return Schedule{}, fmt.Errorf("schedule %q: want a positive interval", v)
		}
		return Every(d), nil
	case "daily":
		var h, m int
		if _, err := fmt.Sscanf(arg, "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 {
			return Schedule{}, fmt.Errorf("schedule %q: want daily HH:MM", v)
		}
		return Daily(h, m), nil
	}
	return Schedule{}, fmt.Errorf("schedule %q: want \"every DURATION\" or \"daily HH:MM\"", v)
}

// Valid reports whether s can be run.
func (s Schedule) Valid() bool {
	return s.Every > 0 || (s.Every == 0 && s.Hour >= 0 && s.Hour <= 23 && s.Min >= 0 && s.Min <= 59)
}

// Next is the first run strictly after t, in UTC.
func (s Schedule) Next(t time.Time) time.Time {
	if s.Every > 0 {
		return t.Add(s.Every).UTC()
	}
	local := t.In(ui.Shanghai)
	at := time.Date(local.Year(), local.Month(), local.Day(), s.Hour, s.Min, 0, 0, ui.Shanghai)
	if !at.After(local) {
		at = time.Date(local.Year(), local.Month(), local.Day()+1, s.Hour, s.Min, 0, 0, ui.Shanghai)
	}
	return at.UTC()
}

// first is when a newly registered job first runs: an interval job at once, a
// daily job at its next time.
func (s Schedule) first(now time.Time) time.Time {
	if s.Every > 0 {
		return now.UTC()
	}
	return s.Next(now)
}
