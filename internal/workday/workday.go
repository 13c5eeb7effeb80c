// Package workday answers working-day questions from the official holiday
// schedule (days off and adjusted working weekends, 调休), kept as data that
// the admin updates each year. A year without data counts Monday–Friday.
package workday

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// Kinds of listed days.
const (
	KindOff  = "off"  // a public holiday
	KindWork = "work" // an adjusted working day on a weekend
)

// Calendar is a snapshot of the schedule.
type Calendar struct {
	days  map[string]string // "2006-01-02" → kind
	years map[int]bool      // years that have data
}

// Load reads the whole schedule (a few dozen rows a year).
func Load(ctx context.Context, q store.Querier) (*Calendar, error) {
	rows, err := q.Query(ctx, `SELECT day, kind FROM calendar_days`)
	if err != nil {
		return nil, fmt.Errorf("load calendar: %w", err)
	}
	defer rows.Close()
	c := &Calendar{days: map[string]string{}, years: map[int]bool{}}
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			return nil, fmt.Errorf("scan calendar: %w", err)
		}
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return nil, fmt.Errorf("calendar day %q: %w", day, err)
		}
		c.days[day] = kind
		c.years[d.Year()] = true
	}
	return c, rows.Err()
}

// HasYear reports whether the schedule for year has been entered.
func (c *Calendar) HasYear(year int) bool { return c.years[year] }

// IsWorkday reports whether the civil date of d (in d's location) is a working day.
func (c *Calendar) IsWorkday(d time.Time) bool {
	switch c.days[d.Format(time.DateOnly)] {
	case KindOff:
		return false
	case KindWork:
		return true
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the n-th working day after from; from itself is not
// counted, so "3 working days from receipt" counts from the day after
// receipt. n = 0 returns from unchanged.
func (c *Calendar) AddWorkdays(from time.Time, n int) time.Time {
	d := civil(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts the working days after a up to and including b
// (zero when b is not after a).
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	n := 0
	for d, end := civil(a).AddDate(0, 0, 1), civil(b); !d.After(end); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

// civil drops the clock time, keeping the date in the value's location.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// FromDays builds a calendar from listed days ("2006-01-02" → KindOff or
// KindWork), for pure computations and tests that need no database.
func FromDays(days map[string]string) *Calendar {
	c := &Calendar{days: map[string]string{}, years: map[int]bool{}}
	for day, kind := range days {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			continue // callers pass literal dates; a typo simply lists nothing
		}
		c.days[day] = kind
		c.years[d.Year()] = true
	}
	return c
}
