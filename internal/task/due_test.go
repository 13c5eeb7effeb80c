package task

import (
	"context"
	"strings"
	"testing"
	"time"

	"tongchou/internal/store/storetest"
	"tongchou/internal/workday"
)

func TestDueDates(t *testing.T) {
	for _, tc := range []struct {
		name            string
		cycle           string
		start, deadline string
		workingDays     bool
		want            string
	}{
		// 中秋 and 国庆 2026: Sunday 09-20 and Saturday 10-10 are working days,
		// Friday 09-25 and the whole of 10-01…10-07 are off.
		{"WeeklyOverNationalDay", "weekly", "2026-09-14", "2026-10-16", true, "2026-09-20 2026-09-24 2026-09-30 2026-10-10 2026-10-16"},
		{"WeeklyCalendarFridays", "weekly", "2026-09-14", "2026-10-16", false, "2026-09-18 2026-09-25 2026-10-02 2026-10-09 2026-10-16"},
		// 春节 2026: the week 02-16…02-22 has no working day, so no report;
		// Saturdays 02-14 and 02-28 are working days and take the report.
		{"WeeklyOverSpringFestival", "weekly", "2026-02-02", "2026-03-06", true, "2026-02-06 2026-02-14 2026-02-28 2026-03-06"},
		{"WeeklyDeadlineInHolidayWeek", "weekly", "2026-02-02", "2026-02-22", true, "2026-02-06 2026-02-14"},
		{"WeeklyMayDay", "weekly", "2026-04-27", "2026-05-15", true, "2026-04-30 2026-05-09 2026-05-15"},
		{"WeeklyDeadlineMidweekClamped", "weekly", "2026-03-02", "2026-03-11", true, "2026-03-06 2026-03-11"},
		{"WeeklyNothingOnStartDay", "weekly", "2026-03-06", "2026-03-20", true, "2026-03-13 2026-03-20"},
		{"WeeklyStartOnSaturday", "weekly", "2026-03-07", "2026-03-20", true, "2026-03-13 2026-03-20"},
		{"WeeklyOneDayTaskNone", "weekly", "2026-03-06", "2026-03-06", true, ""},
		// Biweekly periods count from the Monday of the start week (02-02).
		{"BiweeklyOverSpringFestival", "biweekly", "2026-02-04", "2026-03-20", true, "2026-02-14 2026-02-28 2026-03-13 2026-03-20"},
		{"BiweeklyCalendar", "biweekly", "2026-02-04", "2026-03-20", false, "2026-02-13 2026-02-27 2026-03-13 2026-03-20"},
		// January 31 is a Saturday; February 28 is an adjusted working Saturday.
		{"MonthlyWorkingDays", "monthly", "2026-01-05", "2026-05-20", true, "2026-01-30 2026-02-28 2026-03-31 2026-04-30 2026-05-20"},
		{"MonthlyCalendar", "monthly", "2026-01-05", "2026-05-20", false, "2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-20"},
		{"MonthlyAutumn", "monthly", "2026-09-01", "2026-12-31", true, "2026-09-30 2026-10-30 2026-11-30 2026-12-31"},
		{"NoneHasNoDates", "none", "2026-01-05", "2026-05-20", true, ""},
		{"UnknownCycleHasNoDates", "daily", "2026-01-05", "2026-05-20", true, ""},
		{"DeadlineBeforeStartHasNoDates", "weekly", "2026-05-20", "2026-01-05", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := dateList(DueDates(tc.cycle, d(tc.start), d(tc.deadline), tc.workingDays, cal2026))
			if got != tc.want {
				t.Errorf("DueDates = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDueDatesStoredCalendar runs on the schedule the migration ships, so the
// test calendar above cannot drift from it unnoticed.
func TestDueDatesStoredCalendar(t *testing.T) {
	cal, err := workday.Load(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name            string
		start, deadline string
		want            string
	}{
		{"NationalDay2026", "2026-09-14", "2026-10-16", "2026-09-20 2026-09-24 2026-09-30 2026-10-10 2026-10-16"},
		{"SpringFestival2026", "2026-02-02", "2026-03-06", "2026-02-06 2026-02-14 2026-02-28 2026-03-06"},
		// 2025: Sunday 09-28 and Saturday 10-11 are working days, 10-01…10-08 off.
		{"NationalDay2025", "2025-09-22", "2025-10-17", "2025-09-28 2025-09-30 2025-10-11 2025-10-17"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dateList(DueDates("weekly", d(tc.start), d(tc.deadline), true, cal)); got != tc.want {
				t.Errorf("DueDates = %q, want %q", got, tc.want)
			}
		})
	}
}

func dateList(ds []time.Time) string {
	s := make([]string, len(ds))
	for i, x := range ds {
		s[i] = x.Format(time.DateOnly)
	}
	return strings.Join(s, " ")
}
