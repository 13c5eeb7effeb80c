package task

import (
	"slices"
	"testing"
	"time"

	"tongchou/internal/workday"
)

// cal2026 is the part of the 2026 schedule the light and due-date tests use.
var cal2026 = workday.FromDays(map[string]string{
	"2026-01-01": "off", "2026-01-02": "off", "2026-01-03": "off", "2026-01-04": "work",
	"2026-02-14": "work", "2026-02-15": "off", "2026-02-16": "off", "2026-02-17": "off", "2026-02-18": "off",
	"2026-02-19": "off", "2026-02-20": "off", "2026-02-21": "off", "2026-02-22": "off", "2026-02-23": "off",
	"2026-02-28": "work",
	"2026-04-04": "off", "2026-04-05": "off", "2026-04-06": "off",
	"2026-05-01": "off", "2026-05-02": "off", "2026-05-03": "off", "2026-05-04": "off", "2026-05-05": "off",
	"2026-05-09": "work",
	"2026-06-19": "off", "2026-06-20": "off", "2026-06-21": "off",
	"2026-09-20": "work", "2026-09-25": "off", "2026-09-26": "off", "2026-09-27": "off",
	"2026-10-01": "off", "2026-10-02": "off", "2026-10-03": "off", "2026-10-04": "off",
	"2026-10-05": "off", "2026-10-06": "off", "2026-10-07": "off", "2026-10-10": "work",
})

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	on   = OutcomeOnTime
	late = OutcomeLate
	miss = OutcomeMissing
	pend = OutcomePending
)

func TestComputeLight(t *testing.T) {
	// A 100-day task from 2026-03-02 to 2026-06-10: each calendar day is one
	// schedule point, so the lag is easy to read. 2026-04-21 is day 50 (50 %).
	const start, deadline, mid = "2026-03-02", "2026-06-10", "2026-04-21"
	for _, tc := range []struct {
		name     string
		in       LightInput
		want     Light
		wantKeys []string
	}{
		{"GreenOnSchedule", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50}, LightGreen, nil},
		{"GreenAhead", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 90}, LightGreen, nil},
		{"GreenLag9", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 41}, LightGreen, nil},
		{"YellowLagExactly10", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 40}, LightYellow, []string{ReasonLag}},
		{"YellowLag20", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 30}, LightYellow, []string{ReasonLag}},
		{"YellowLagExactly30", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 20}, LightYellow, []string{ReasonLag}},
		{"RedLag31", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 19}, LightRed, []string{ReasonLag}},
		// 300-day task, day 89: schedule 29.67 %, progress 20 → lag 9.67: just under 10.
		{"GreenLagJustUnder10", LightInput{Start: d("2026-01-05"), Deadline: d("2026-11-01"), Today: d("2026-04-04"), Progress: 20}, LightGreen, nil},
		// 10,000-day task, day 2999: schedule 29.99 %, progress 20 → lag 9.99.
		{"GreenLag9.99", LightInput{Start: d("2026-01-05"), Deadline: d("2026-01-05").AddDate(0, 0, 10000), Today: d("2026-01-05").AddDate(0, 0, 2999), Progress: 20}, LightGreen, nil},
		// day 3001: 30.01 %, progress 0 → lag 30.01: red.
		{"RedLag30.01", LightInput{Start: d("2026-01-05"), Deadline: d("2026-01-05").AddDate(0, 0, 10000), Today: d("2026-01-05").AddDate(0, 0, 3001), Progress: 0}, LightRed, []string{ReasonLag}},
		{"YellowDeadlineTodayNotRed", LightInput{Start: d(start), Deadline: d(deadline), Today: d(deadline), Progress: 95}, LightYellow, []string{ReasonDueSoon}},
		{"RedDeadlineYesterday", LightInput{Start: d(start), Deadline: d(deadline), Today: d("2026-06-11"), Progress: 100}, LightRed, []string{ReasonOverdue}},
		{"RedOverdueAndLagging", LightInput{Start: d(start), Deadline: d(deadline), Today: d("2026-06-11"), Progress: 50}, LightRed, []string{ReasonOverdue, ReasonLag}},
		// Wednesday 2026-06-10: Mon 8, Tue 9, Wed 10 are three working days.
		{"YellowDueIn3WorkdaysTodayIncluded", LightInput{Start: d(start), Deadline: d(deadline), Today: d("2026-06-08"), Progress: 100}, LightYellow, []string{ReasonDueSoon}},
		{"GreenDueIn4Workdays", LightInput{Start: d(start), Deadline: d(deadline), Today: d("2026-06-05"), Progress: 100}, LightGreen, nil},
		// Deadline Thursday 2026-10-08 after 国庆: from Wednesday 09-30 the working days are 09-30, 10-08 → yellow.
		{"YellowDueOverHoliday", LightInput{Start: d("2026-09-01"), Deadline: d("2026-10-08"), Today: d("2026-09-30"), Progress: 100}, LightYellow, []string{ReasonDueSoon}},
		// From Monday 09-28: 09-28, 09-29, 09-30, 10-08 = four working days → green.
		{"GreenFourWorkdaysOverHoliday", LightInput{Start: d("2026-09-01"), Deadline: d("2026-10-08"), Today: d("2026-09-28"), Progress: 100}, LightGreen, nil},
		{"GreenStartInFuture", LightInput{Start: d("2026-07-01"), Deadline: d("2026-12-31"), Today: d("2026-05-06"), Progress: 0}, LightGreen, nil},
		// A one-day task: before its day nothing lags; on its day it is due (yellow), and at 0 % it lags 100 points (red).
		{"GreenOneDayTaskBefore", LightInput{Start: d("2026-06-30"), Deadline: d("2026-06-30"), Today: d("2026-06-01"), Progress: 0}, LightGreen, nil},
		{"YellowOneDayTaskOnItsDayDone", LightInput{Start: d("2026-06-30"), Deadline: d("2026-06-30"), Today: d("2026-06-30"), Progress: 100}, LightYellow, []string{ReasonDueSoon}},
		{"RedOneDayTaskOnItsDayNotStarted", LightInput{Start: d("2026-06-30"), Deadline: d("2026-06-30"), Today: d("2026-06-30"), Progress: 0}, LightRed, []string{ReasonLag}},
		{"RedTwoMissing", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{on, miss, miss}}, LightRed, []string{ReasonMissingTwo}},
		{"RedTwoMissingThenPending", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{miss, miss, pend}}, LightRed, []string{ReasonMissingTwo}},
		{"GreenOneMissing", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{on, on, miss}}, LightGreen, nil},
		{"GreenMissingOnTimeMissing", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{miss, on, miss}}, LightGreen, nil},
		{"GreenOldMissingRunEnded", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{miss, miss, on}}, LightGreen, nil},
		{"YellowLastLate", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{on, late}}, LightYellow, []string{ReasonLastLate}},
		{"GreenLateThenOnTime", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{late, on}}, LightGreen, nil},
		{"YellowLateThenMissing", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{late, miss}}, LightYellow, []string{ReasonLastLate}},
		{"RedMissingMissingOutranksLate", LightInput{Start: d(start), Deadline: d(deadline), Today: d(mid), Progress: 50, Reports: []Outcome{late, miss, miss}}, LightRed, []string{ReasonMissingTwo}},
		{"YellowSeveralReasons", LightInput{Start: d(start), Deadline: d(deadline), Today: d("2026-06-09"), Progress: 85, Reports: []Outcome{late}}, LightYellow, []string{ReasonDueSoon, ReasonLag, ReasonLastLate}},
		{"GreyDone", LightInput{Closed: true, Start: d(start), Deadline: d(deadline), Today: d("2026-08-01"), Progress: 10, Reports: []Outcome{miss, miss}}, LightGrey, nil},
		{"GreyCancelled", LightInput{Closed: true, Start: d(start), Deadline: d(deadline), Today: d(mid)}, LightGrey, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, reasons := ComputeLight(tc.in, DefaultThresholds(), cal2026)
			var keys []string
			for _, r := range reasons {
				keys = append(keys, r.Key)
			}
			if got != tc.want || !slices.Equal(keys, tc.wantKeys) {
				t.Errorf("ComputeLight = %s %v, want %s %v", got, keys, tc.want, tc.wantKeys)
			}
		})
	}
}

func TestComputeLightThresholdsPerCampaign(t *testing.T) {
	in := LightInput{Start: d("2026-03-02"), Deadline: d("2026-06-10"), Today: d("2026-04-21"), Progress: 35} // lag 15
	for _, tc := range []struct {
		name string
		th   Thresholds
		want Light
	}{
		{"DefaultYellow", DefaultThresholds(), LightYellow},
		{"StricterRed", Thresholds{LagRed: 14, LagYellow: 5, DueWorkdays: 3}, LightRed},
		{"LooserGreen", Thresholds{LagRed: 40, LagYellow: 20, DueWorkdays: 3}, LightGreen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := ComputeLight(in, tc.th, cal2026); got != tc.want {
				t.Errorf("ComputeLight with %+v = %s, want %s", tc.th, got, tc.want)
			}
		})
	}
}

func TestLagReason(t *testing.T) {
	for _, tc := range []struct {
		name     string
		progress int
		today    string
		want     string
	}{
		{"Whole", 15, "2026-04-21", "35"},
		{"ExactlyThirty", 20, "2026-04-21", "30"},
		// 300-day task: day 91 is 30.33 %, progress 0 → shown rounded up to 30.4.
		{"FractionRoundedUp", 0, "2026-04-06", "30.4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start, deadline := d("2026-03-02"), d("2026-06-10")
			if tc.name == "FractionRoundedUp" {
				start, deadline = d("2026-01-05"), d("2026-01-05").AddDate(0, 0, 300)
			}
			if got := Lag(start, deadline, d(tc.today), tc.progress).String(); got != tc.want {
				t.Errorf("Lag = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestWorst(t *testing.T) {
	for _, tc := range []struct {
		name     string
		children []Light
		want     Light
	}{
		{"NoChildrenGrey", nil, LightGrey},
		{"AllClosedGrey", []Light{LightGrey, LightGrey}, LightGrey},
		{"GreenOverGrey", []Light{LightGrey, LightGreen}, LightGreen},
		{"YellowOverGreen", []Light{LightGreen, LightYellow, LightGrey}, LightYellow},
		{"RedWins", []Light{LightYellow, LightRed, LightGreen}, LightRed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Worst(tc.children); got != tc.want {
				t.Errorf("Worst(%v) = %s, want %s", tc.children, got, tc.want)
			}
		})
	}
}
