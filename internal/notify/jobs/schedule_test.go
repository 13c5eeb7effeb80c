package jobs_test

import (
	"testing"
	"time"

	"tongchou/internal/notify/jobs"
)

func TestScheduleNext(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, tc := range []struct {
		name  string
		sched jobs.Schedule
		from  time.Time
		want  time.Time
	}{
		{"IntervalAddsDuration", jobs.Every(5 * time.Minute), time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC), time.Date(2026, 5, 6, 1, 5, 0, 0, time.UTC)},
		{"DailyLaterToday", jobs.Daily(8, 30), time.Date(2026, 5, 6, 7, 0, 0, 0, cst), time.Date(2026, 5, 6, 8, 30, 0, 0, cst)},
		{"DailyAtTheMinuteIsTomorrow", jobs.Daily(8, 30), time.Date(2026, 5, 6, 8, 30, 0, 0, cst), time.Date(2026, 5, 7, 8, 30, 0, 0, cst)},
		{"DailyPassedIsTomorrow", jobs.Daily(8, 30), time.Date(2026, 5, 6, 9, 0, 0, 0, cst), time.Date(2026, 5, 7, 8, 30, 0, 0, cst)},
		// 23:00 UTC on the 5th is already 07:00 on the 6th in Shanghai.
		{"DailyUsesShanghaiDate", jobs.Daily(8, 30), time.Date(2026, 5, 5, 23, 0, 0, 0, time.UTC), time.Date(2026, 5, 6, 8, 30, 0, 0, cst)},
		{"DailyAcrossMonthEnd", jobs.Daily(0, 0), time.Date(2026, 5, 31, 12, 0, 0, 0, cst), time.Date(2026, 6, 1, 0, 0, 0, 0, cst)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sched.Next(tc.from)
			if !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Fatalf("Next(%v) = %v, want %v in UTC", tc.from, got, tc.want.UTC())
			}
		})
	}
}

func TestParseSchedule(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want jobs.Schedule
		ok   bool
	}{
		{"every 5m0s", jobs.Every(5 * time.Minute), true},
		{"every 1h", jobs.Every(time.Hour), true},
		{"daily 08:30", jobs.Daily(8, 30), true},
		{"daily 23:59", jobs.Daily(23, 59), true},
		{"daily 24:00", jobs.Schedule{}, false},
		{"daily 8", jobs.Schedule{}, false},
		{"every -5m", jobs.Schedule{}, false},
		{"every soon", jobs.Schedule{}, false},
		{"weekly", jobs.Schedule{}, false},
		{"", jobs.Schedule{}, false},
	} {
		name := "Rejects"
		if tc.ok {
			name = "Accepts"
		}
		t.Run(name+"/"+tc.in, func(t *testing.T) {
			got, err := jobs.ParseSchedule(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("ParseSchedule(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
			if tc.ok {
				if back, _ := jobs.ParseSchedule(got.String()); back != got {
					t.Fatalf("round trip of %q gave %v", got.String(), back)
				}
			}
		})
	}
}
