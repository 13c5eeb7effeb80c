package task_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

var planHeader = []any{"序号", "上级序号", "任务名称", "目标要求", "牵头单位", "配合单位（用、分隔）", "责任人", "分管领导",
	"开始日期", "完成时限", "报送周期", "标签", "来源", "权重"}

// planBook builds a plan workbook: the header, then rows on the named sheet.
func planBook(t *testing.T, sheet string, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range append([][]any{planHeader}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
		for j, v := range r {
			if _, ok := v.(time.Time); ok {
				c, _ := excelize.CoordinatesToCellName(j+1, i+1)
				f.SetCellStyle(sheet, c, c, dateStyle)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func countTasks(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM tasks`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// goodPlan is a key task with two sub-tasks, dates in every accepted form.
func goodPlan(t *testing.T) []byte {
	return planBook(t, task.PlanSheet,
		[]any{"1", "", "新划入镇乡学校布局调研", "形成调研报告", "教育局", "卫生健康局、青石镇人民政府", "lead_liaison", "用户leader",
			time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), "2026年6月30日", "每周", "民生改善、资源整合", "调研发现", 2},
		[]any{"1.1", "1", "摸底学校布局", "", "教育局", "", "", "", "2026/4/2", "2026.5.15", "每两周", "", "", ""},
		[]any{"1.2", "1", "师资情况调研", "", "教育局", "", "", "", "2026-04-03", "2026-6-1", "不报送", "", "会议议定", "1"},
	)
}

func TestImportPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		office := f.users[asOffice]

		t.Run("GoodPlanCreatesTreeAsDrafts", func(t *testing.T) {
			n, err := f.s.ImportPlan(ctx, office, f.campaign.ID, bytes.NewReader(goodPlan(t)), false)
			if err != nil || n != 3 {
				t.Fatalf("ImportPlan = %d, %v; want 3", n, err)
			}
			var id, parent, children, cos, tags int64
			var start, deadline, cycle, source, state string
			var weight int
			db.QueryRow(ctx, `SELECT id, start_date, deadline, report_cycle, source, state, weight FROM tasks WHERE title = ?`,
				"新划入镇乡学校布局调研").Scan(&id, &start, &deadline, &cycle, &source, &state, &weight)
			if start != "2026-04-01" || deadline != "2026-06-30" || cycle != "weekly" || source != "research" || state != "draft" || weight != 2 {
				t.Errorf("key task = %s %s %s %s %s %d", start, deadline, cycle, source, state, weight)
			}
			db.QueryRow(ctx, `SELECT COUNT(*) FROM tasks WHERE parent_id = ?`, id).Scan(&children)
			db.QueryRow(ctx, `SELECT COUNT(*) FROM task_co_units WHERE task_id = ?`, id).Scan(&cos)
			db.QueryRow(ctx, `SELECT COUNT(*) FROM task_tags WHERE task_id = ?`, id).Scan(&tags)
			if children != 2 || cos != 2 || tags != 2 {
				t.Errorf("children %d co-units %d tags %d, want 2 2 2", children, cos, tags)
			}
			db.QueryRow(ctx, `SELECT COALESCE(parent_id, 0) FROM tasks WHERE title = ? AND deadline = '2026-05-15'`, "摸底学校布局").Scan(&parent)
			if parent != id {
				t.Errorf("sub-task parent = %d, want %d", parent, id)
			}
			var events, audits int
			db.QueryRow(ctx, `SELECT COUNT(*) FROM task_events WHERE action = 'import'`).Scan(&events)
			db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND action = 'import'`).Scan(&audits)
			if events != 3 || audits != 3 {
				t.Errorf("events %d audits %d, want 3 3", events, audits)
			}
		})

		t.Run("AssignOnImportGoesThroughWorkflow", func(t *testing.T) {
			book := planBook(t, task.PlanSheet, []any{"", "", "教师交流轮岗", "", "教育局", "", "", "", "", "2026-07-31", "每月", "", "", ""})
			if _, err := f.s.ImportPlan(ctx, office, f.campaign.ID, bytes.NewReader(book), true); err != nil {
				t.Fatal(err)
			}
			var state, start, signDue string
			var assigns int
			db.QueryRow(ctx, `SELECT state, start_date, sign_due FROM tasks WHERE title = '教师交流轮岗'`).Scan(&state, &start, &signDue)
			db.QueryRow(ctx, `SELECT COUNT(*) FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.title = '教师交流轮岗'
				AND e.action = 'assign'`).Scan(&assigns)
			if state != "assigned" || assigns != 1 || signDue == "" || start != f.campaign.StartDate {
				t.Errorf("state %s assigns %d sign due %q start %s", state, assigns, signDue, start)
			}
		})

		t.Run("BadRowsAllReportedNothingImported", func(t *testing.T) {
			before := countTasks(t, db)
			book := planBook(t, task.PlanSheet,
				[]any{"1", "", "好的一行", "", "教育局", "", "", "", "2026-04-01", "2026-06-30", "", "", "", ""},
				[]any{"2", "", "单位不存在", "", "不存在局", "", "", "", "2026-04-01", "2026-06-30", "", "", "", ""},
				[]any{"3", "9", "日期坏了", "", "教育局", "卫生健康局、无名局", "", "", "2026-13-45", "明天", "每天", "", "小道消息", "x"},
				[]any{"1", "", "", "", "", "", "nobody", "", "", "2026-06-30", "", "", "", ""},
				[]any{"5", "", "截止早于开始", "", "教育局", "", "other_liaison", "lead_liaison", "2026-06-30", "2026-04-01", "", "", "", "0"},
			)
			_, err := f.s.ImportPlan(ctx, office, f.campaign.ID, bytes.NewReader(book), false)
			var bad task.PlanErrors
			if !errors.As(err, &bad) {
				t.Fatalf("err = %v, want PlanErrors", err)
			}
			want := []task.PlanError{
				{3, "lead_unit", "plan.err.unit_unknown"},
				{4, "parent", "plan.err.parent_unknown"}, {4, "co_units", "plan.err.unit_unknown"},
				{4, "start", "plan.err.date"}, {4, "deadline", "plan.err.date"}, {4, "cycle", "plan.err.cycle"},
				{4, "source", "plan.err.source"}, {4, "weight", "plan.err.weight"},
				{5, "seq", "plan.err.seq_dup"}, {5, "title", "form.required"}, {5, "lead_unit", "form.required"},
				{6, "responsible", "plan.err.person_unknown"}, {6, "leader", "plan.err.person_unknown"},
				{6, "deadline", "task.err.end_before_start"}, {6, "weight", "task.err.range"},
			}
			if !slices.Equal(bad, want) {
				t.Errorf("errors =\n%v\nwant\n%v", []task.PlanError(bad), want)
			}
			if got := countTasks(t, db); got != before {
				t.Errorf("tasks %d → %d; nothing may be imported", before, got)
			}
		})

		t.Run("DeadlineBeforeStartReported", func(t *testing.T) {
			book := planBook(t, task.PlanSheet, []any{"", "", "倒挂", "", "教育局", "", "", "", "2026-06-30", "2026-04-01", "", "", "", ""})
			_, err := f.s.ImportPlan(ctx, office, f.campaign.ID, bytes.NewReader(book), false)
			var bad task.PlanErrors
			if !errors.As(err, &bad) || len(bad) != 1 || bad[0].Field != "deadline" {
				t.Errorf("err = %v (%v), want one deadline error", err, bad)
			}
		})

		t.Run("HugeCellRefused", func(t *testing.T) {
			book := planBook(t, task.PlanSheet, []any{"", "", strings.Repeat("长", 30000), strings.Repeat("x", 1<<20), "教育局", "", "", "", "", "2026-06-30"})
			_, err := f.s.ImportPlan(ctx, office, f.campaign.ID, bytes.NewReader(book), false)
			var bad task.PlanErrors
			if !errors.As(err, &bad) || len(bad) != 2 || bad[0].Key != "form.too_long" || bad[1].Key != "form.too_long" {
				t.Errorf("err = %v (%v), want two too-long cells", err, bad)
			}
		})

		for _, tc := range []struct {
			name string
			file []byte
			key  string
		}{
			{"NotXLSXRefused", []byte("this is not a workbook"), "plan.err.not_xlsx"},
			{"EmptyFileRefused", nil, "plan.err.not_xlsx"},
			{"MissingSheetRefused", planBook(t, "Sheet9", []any{"1"}), "plan.err.sheet_missing"},
			{"HeaderOnlyRefused", planBook(t, task.PlanSheet), "plan.err.empty"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.s.ImportPlan(ctx, office, f.campaign.ID, bytes.NewReader(tc.file), false)
				if fe, ok := task.AsPlanFileError(err); !ok || fe.Key != tc.key {
					t.Errorf("err = %v, want %s", err, tc.key)
				}
			})
		}

		t.Run("LiaisonForbidden", func(t *testing.T) {
			_, err := f.s.ImportPlan(ctx, f.users[asLiaison], f.campaign.ID, bytes.NewReader(goodPlan(t)), false)
			if !errors.Is(err, ui.ErrForbidden) {
				t.Errorf("err = %v, want forbidden", err)
			}
		})
	})
}

func TestPlanDateForms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2026-03-15", "2026-03-15"}, {"2026/3/15", "2026-03-15"}, {"2026.3.15", "2026-03-15"},
		{"2026年3月15日", "2026-03-15"}, {"46096", "2026-03-15"}, {"2026年03月05日", "2026-03-05"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got, ok := task.PlanDate(tc.in); !ok || got != tc.want {
				t.Errorf("PlanDate(%q) = %q, %v; want %s", tc.in, got, ok, tc.want)
			}
		})
	}
	for _, bad := range []string{"2026-02-30", "15/3/2026", "1", "明天", ""} {
		t.Run("Refuses"+bad, func(t *testing.T) {
			if got, ok := task.PlanDate(bad); ok {
				t.Errorf("PlanDate(%q) = %q, want refused", bad, got)
			}
		})
	}
}
