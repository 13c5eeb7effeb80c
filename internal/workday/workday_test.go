package workday_test

import (
	"context"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/workday"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, err := workday.Load(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			day  string
			want bool
		}{
			{"2026-01-01", false}, // 元旦
			{"2026-01-04", true},  // Sunday, adjusted working day
			{"2026-02-14", true},  // Saturday, adjusted working day
			{"2026-02-16", false}, // Monday in 春节
			{"2026-02-28", true},  // Saturday, adjusted
			{"2026-03-02", true},  // ordinary Monday
			{"2026-03-07", false}, // ordinary Saturday
			{"2026-10-08", true},  // Thursday after 国庆
			{"2026-10-10", true},  // Saturday, adjusted
			{"2025-10-08", false}, // 2025 国庆中秋 runs to the 8th
			{"2027-01-01", true},  // no 2027 data yet: a Friday counts as a working day
		} {
			if got := c.IsWorkday(day(tc.day)); got != tc.want {
				t.Errorf("IsWorkday(%s) = %v, want %v", tc.day, got, tc.want)
			}
		}
		if !c.HasYear(2025) || !c.HasYear(2026) || c.HasYear(2027) {
			t.Errorf("HasYear 2025/2026/2027 = %v/%v/%v, want true/true/false", c.HasYear(2025), c.HasYear(2026), c.HasYear(2027))
		}
	})
}

func TestAddWorkdays(t *testing.T) {
	c, err := workday.Load(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-02", 0, "2026-03-02"},
		{"2026-03-02", 1, "2026-03-03"},  // Monday + 1
		{"2026-03-06", 1, "2026-03-09"},  // Friday + 1 skips the weekend
		{"2026-09-30", 1, "2026-10-08"},  // over 国庆
		{"2026-09-30", 3, "2026-10-10"},  // 10-08, 10-09, adjusted Saturday 10-10
		{"2026-02-13", 1, "2026-02-14"},  // adjusted Saturday counts
		{"2026-02-13", 13, "2026-03-10"}, // complaint limit across 春节 and two adjusted Saturdays
	} {
		if got := c.AddWorkdays(day(tc.from), tc.n).Format(time.DateOnly); got != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if got := c.WorkdaysBetween(day("2026-09-30"), day("2026-10-10")); got != 3 {
		t.Errorf("WorkdaysBetween = %d, want 3", got)
	}
	if got := c.WorkdaysBetween(day("2026-10-10"), day("2026-09-30")); got != 0 {
		t.Errorf("WorkdaysBetween reversed = %d, want 0", got)
	}
}
