package task_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// The fixture task runs 2026-04-01 … 2026-06-30, weekly, on working days; on
// the fixture's today (Wednesday 2026-05-06) the due dates so far are
// 04-03, 04-10, 04-17, 04-24, 04-30 (清明 and 劳动节 weeks) and the next is
// Saturday 05-09 (an adjusted working day).
var pastDues = []string{"2026-04-03", "2026-04-10", "2026-04-17", "2026-04-24", "2026-04-30"}

func goodReport(due string, progress string) task.ReportInput {
	return task.ReportInput{DueDate: due, WorkDone: "走访学校12所", Progress: progress, Problems: "", NextSteps: "形成调研报告"}
}

func reportCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM task_reports`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSubmitReportScopeAndInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		id := f.newTask(t, task.StateInProgress, false)
		ctx := context.Background()
		long := strings.Repeat("长", 2001)
		for _, tc := range []struct {
			name      string
			as        string
			in        task.ReportInput
			want      error
			wantField string
		}{
			{"OtherUnitNotFound", asOther, goodReport("2026-05-09", "40"), store.ErrNotFound, ""},
			{"CoUnitForbidden", asCoUnit, goodReport("2026-05-09", "40"), ui.ErrForbidden, ""},
			{"OfficeForbidden", asOffice, goodReport("2026-05-09", "40"), ui.ErrForbidden, ""},
			{"LeaderForbidden", asLeader, goodReport("2026-05-09", "40"), ui.ErrForbidden, ""},
			{"Progress101Refused", asLiaison, goodReport("2026-05-09", "101"), nil, "progress"},
			{"ProgressNegativeRefused", asLiaison, goodReport("2026-05-09", "-1"), nil, "progress"},
			{"ProgressTextRefused", asLiaison, goodReport("2026-05-09", "五十"), nil, "progress"},
			{"ProgressEmptyRefused", asLiaison, goodReport("2026-05-09", ""), nil, "progress"},
			{"WorkDoneEmptyRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", NextSteps: "x"}, nil, "work_done"},
			{"WorkDoneTooLongRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", WorkDone: long, NextSteps: "x"}, nil, "work_done"},
			{"NextStepsEmptyRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", WorkDone: "x"}, nil, "next_steps"},
			{"NotADueDateRefused", asLiaison, goodReport("2026-05-07", "40"), nil, "due_date"},
			{"BeyondNextDueRefused", asLiaison, goodReport("2026-05-15", "40"), nil, "due_date"},
			{"MalformedDateRefused", asLiaison, goodReport("2026-13-45", "40"), nil, "due_date"},
			{"CoordinationWithoutWhomRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", WorkDone: "x",
				NextSteps: "y", Problems: "校舍产权不清", NeedsCoordination: true}, nil, "coord_unit_id"},
			{"CoordinationWithoutProblemRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", WorkDone: "x",
				NextSteps: "y", NeedsCoordination: true, CoordUnitID: "1"}, nil, "problems"},
			{"CoordinationUnknownUnitRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", WorkDone: "x",
				NextSteps: "y", Problems: "p", NeedsCoordination: true, CoordUnitID: "999999"}, nil, "coord_unit_id"},
			{"CoordinationNotALeaderRefused", asLiaison, task.ReportInput{DueDate: "2026-05-09", Progress: "40", WorkDone: "x",
				NextSteps: "y", Problems: "p", NeedsCoordination: true, CoordLeaderID: "1' OR 1=1"}, nil, "coord_leader_id"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.s.SubmitReport(ctx, f.users[tc.as], id, tc.in)
				switch {
				case tc.want != nil && !errors.Is(err, tc.want):
					t.Fatalf("SubmitReport = %v, want %v", err, tc.want)
				case tc.wantField != "" && ui.AsErrors(err)[tc.wantField] == "":
					t.Fatalf("SubmitReport = %v, want an error beside %s", err, tc.wantField)
				}
				if n := reportCount(t, db); n != 0 {
					t.Fatalf("%d reports stored after a refused submission", n)
				}
			})
		}
	})
}

func TestReportLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		id := f.newTask(t, task.StateInProgress, false)
		ctx := context.Background()
		liaison, office := f.users[asLiaison], f.users[asOffice]
		cal, err := workday.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		tk, err := f.s.Get(ctx, office, id)
		if err != nil {
			t.Fatal(err)
		}
		if l, why, err := task.TaskLight(ctx, db, &tk, cal, "2026-05-06"); err != nil || l != task.LightRed || len(why) != 2 || why[1].Key != task.ReasonMissingTwo {
			t.Fatalf("light with five missing reports = %s %v %v, want red for the lag and two missing", l, why, err)
		}

		// The next due date, reported early by the unit head, with a request for help.
		leader := f.users[asLeader].ID
		early := task.ReportInput{DueDate: "2026-05-09", WorkDone: "完成摸底", Progress: "45", Problems: "校舍产权不清",
			NeedsCoordination: true, CoordUnitID: itoa(f.units["卫生健康局"]), CoordLeaderID: itoa(leader), NextSteps: "报区领导协调"}
		rid, err := f.s.SubmitReport(ctx, f.users[asHead], id, early)
		if err != nil {
			t.Fatalf("submit early report: %v", err)
		}
		if _, err := f.s.SubmitReport(ctx, liaison, id, goodReport("2026-05-09", "50")); ui.AsErrors(err)["due_date"] != "report.err.already" {
			t.Fatalf("second report for one due date = %v, want already reported", err)
		}
		tk, _ = f.s.Get(ctx, office, id)
		if tk.Progress != 45 {
			t.Fatalf("task progress = %d, want 45 from the report", tk.Progress)
		}

		// The missed dates are reported late.
		for _, due := range pastDues {
			if _, err := f.s.SubmitReport(ctx, liaison, id, goodReport(due, "40")); err != nil {
				t.Fatalf("late report for %s: %v", due, err)
			}
		}
		v, err := f.s.Reports(ctx, liaison, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range v.Dues[:6] {
			got = append(got, d.Date+":"+string(d.Outcome))
		}
		want := "2026-04-03:late 2026-04-10:late 2026-04-17:late 2026-04-24:late 2026-04-30:late 2026-05-09:on_time"
		if strings.Join(got, " ") != want {
			t.Fatalf("outcomes = %s, want %s", strings.Join(got, " "), want)
		}
		if v.Light != task.LightYellow || v.Reasons[0].Key != task.ReasonLastLate {
			t.Fatalf("light = %s %v, want yellow for the late report", v.Light, v.Reasons)
		}
		if len(v.Open) != 0 {
			t.Fatalf("open due dates = %v, want none", v.Open)
		}

		// Review: only the office, only once, only with the current version.
		in := task.ReviewInput{Version: 1}
		if err := f.s.AcceptReport(ctx, liaison, rid, in); !errors.Is(err, ui.ErrForbidden) {
			t.Fatalf("liaison accepts = %v, want forbidden", err)
		}
		if err := f.s.AcceptReport(ctx, f.users[asOther], rid, in); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other unit accepts = %v, want not found", err)
		}
		if err := f.s.ReturnReport(ctx, office, rid, in); ui.AsErrors(err)["comment"] != "form.required" {
			t.Fatalf("return without comment = %v, want comment required", err)
		}
		if err := f.s.ReturnReport(ctx, office, rid, task.ReviewInput{Version: 7, Comment: "请补充数据"}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("return with a stale version = %v, want conflict", err)
		}
		if err := f.s.ReturnReport(ctx, office, rid, task.ReviewInput{Version: 1, Comment: "请补充学校名单"}); err != nil {
			t.Fatalf("return: %v", err)
		}
		if err := f.s.AcceptReport(ctx, office, rid, task.ReviewInput{Version: 1}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("accept a returned report = %v, want conflict", err)
		}

		// Resubmitted after the return: history kept, the date stays on time.
		rid2, err := f.s.SubmitReport(ctx, liaison, id, goodReport("2026-05-09", "48"))
		if err != nil {
			t.Fatalf("resubmit: %v", err)
		}
		if err := f.s.AcceptReport(ctx, office, rid2, task.ReviewInput{Version: 1}); err != nil {
			t.Fatalf("accept: %v", err)
		}
		v, err = f.s.Reports(ctx, office, id)
		if err != nil {
			t.Fatal(err)
		}
		d := v.Dues[5]
		if len(d.Reports) != 2 || d.Reports[0].Status != task.ReportReturned || d.Reports[0].ReviewComment != "请补充学校名单" ||
			d.Reports[1].Status != task.ReportAccepted || d.Outcome != task.OutcomeOnTime || d.Live().ID != rid2 {
			t.Fatalf("due 05-09 after return and resubmission = %+v", d)
		}
		if _, err := f.s.Reports(ctx, f.users[asOther], id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other unit reads reports = %v, want not found", err)
		}
		var audits int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task_report'`).Scan(&audits); err != nil || audits != 9 {
			t.Fatalf("audit entries for reports = %d (%v), want 9", audits, err)
		}
	})
}

func TestSubmitReportClosedTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, st := range []task.State{task.StateAssigned, task.StateDone, task.StateCancelled} {
			t.Run("RefusedWhen"+string(st), func(t *testing.T) {
				id := f.newTask(t, st, false)
				_, err := f.s.SubmitReport(context.Background(), f.users[asLiaison], id, goodReport("2026-05-09", "40"))
				if ui.AsErrors(err)["form"] != "report.err.state" {
					t.Fatalf("SubmitReport on a %s task = %v, want refused", st, err)
				}
			})
		}
	})
}

func TestIsLate(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"OnTimeEarlier", time.Date(2026, 5, 7, 3, 0, 0, 0, time.UTC), false},
		{"OnTimeLastSecondShanghai", time.Date(2026, 5, 8, 15, 59, 59, 0, time.UTC), false},
		{"LateAtMidnightShanghai", time.Date(2026, 5, 8, 16, 0, 0, 0, time.UTC), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := task.IsLate(tc.at, "2026-05-08"); got != tc.want {
				t.Errorf("IsLate(%s) = %v, want %v", tc.at, got, tc.want)
			}
		})
	}
}

func TestOutcomes(t *testing.T) {
	dues := []time.Time{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 8, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 22, 0, 0, 0, 0, time.UTC)}
	reports := []task.Report{
		{DueDate: "2026-05-08", Late: false, Status: task.ReportReturned},
		{DueDate: "2026-05-08", Late: true, Status: task.ReportSubmitted},
	}
	got := task.Outcomes(dues, reports, "2026-05-15")
	want := []task.Outcome{task.OutcomeMissing, task.OutcomeOnTime, task.OutcomePending, task.OutcomePending}
	for i := range want {
		if got[i].Outcome != want[i] {
			t.Errorf("due %s = %s, want %s", got[i].Date, got[i].Outcome, want[i])
		}
	}
}
