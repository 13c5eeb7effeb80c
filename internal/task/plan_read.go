package task

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// PlanSheet is the name of the task sheet of a plan workbook; PlanHelpSheet
// explains the columns. Both names are part of the template.
const (
	PlanSheet     = "任务清单"
	PlanHelpSheet = "说明"
)

// planColumns are the plan's columns in template order: the header text and
// the field it fills (message keys plan.col.<field>).
var planColumns = []struct{ Head, Field string }{
	{"序号", "seq"}, {"上级序号", "parent"}, {"任务名称", "title"}, {"目标要求", "goal"}, {"牵头单位", "lead_unit"},
	{"配合单位", "co_units"}, {"责任人", "responsible"}, {"分管领导", "leader"}, {"开始日期", "start"},
	{"完成时限", "deadline"}, {"报送周期", "cycle"}, {"标签", "tags"}, {"来源", "source"}, {"权重", "weight"},
}

// requiredPlanColumns must be present in the header row.
var requiredPlanColumns = []string{"title", "lead_unit", "deadline"}

// Limits on a plan workbook.
const (
	maxPlanRows = 2000
	maxPlanCell = 10000 // bytes; a longer cell is refused without being parsed further
)

// PlanFileError is a workbook that cannot be read at all; Key is a message key.
type PlanFileError struct{ Key, Arg string }

func (e PlanFileError) Error() string { return "plan file: " + e.Key }

// AsPlanFileError reports whether err is an unreadable workbook.
func AsPlanFileError(err error) (PlanFileError, bool) {
	var e PlanFileError
	ok := errors.As(err, &e)
	return e, ok
}

// planRow is one non-empty line of the task sheet with its Excel row number.
type planRow struct {
	n     int
	cells map[string]string
}

// readPlan opens the upload and returns the task rows, header skipped. Cells
// are read raw so a real date cell arrives as its serial number.
func readPlan(r io.Reader) ([]planRow, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20})
	if err != nil {
		return nil, PlanFileError{Key: "plan.err.not_xlsx"}
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(PlanSheet); err != nil || idx < 0 {
		return nil, PlanFileError{Key: "plan.err.sheet_missing", Arg: PlanSheet}
	}
	rows, err := f.GetRows(PlanSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, PlanFileError{Key: "plan.err.not_xlsx"}
	}
	if len(rows) > maxPlanRows+1 {
		return nil, PlanFileError{Key: "plan.err.too_many_rows", Arg: strconv.Itoa(maxPlanRows)}
	}
	if len(rows) == 0 {
		return nil, PlanFileError{Key: "plan.err.empty"}
	}
	cols, err := planHeader(rows[0])
	if err != nil {
		return nil, err
	}
	var out []planRow
	for i, cells := range rows[1:] {
		if blankRow(cells) {
			continue
		}
		pr := planRow{n: i + 2, cells: map[string]string{}}
		for c, field := range cols {
			if c < len(cells) && field != "" {
				pr.cells[field] = strings.TrimSpace(cells[c])
			}
		}
		out = append(out, pr)
	}
	if len(out) == 0 {
		return nil, PlanFileError{Key: "plan.err.empty"}
	}
	return out, nil
}

// planHeader maps each column of the header row to its field. A header may
// carry a note after it in brackets (配合单位（用、分隔）); unknown columns are ignored.
func planHeader(head []string) ([]string, error) {
	cols := make([]string, len(head))
	found := map[string]bool{}
	for i, h := range head {
		h = strings.TrimSpace(h)
		if j := strings.IndexAny(h, "（("); j > 0 {
			h = strings.TrimSpace(h[:j])
		}
		for _, pc := range planColumns {
			if h == pc.Head || strings.EqualFold(h, pc.Field) {
				cols[i], found[pc.Field] = pc.Field, true
			}
		}
	}
	for _, f := range requiredPlanColumns {
		if !found[f] {
			return nil, PlanFileError{Key: "plan.err.column_missing", Arg: planHead(f)}
		}
	}
	return cols, nil
}

// planHead is the Chinese header of a field.
func planHead(field string) string {
	for _, pc := range planColumns {
		if pc.Field == field {
			return pc.Head
		}
	}
	return field
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// planDate reads a date cell: a real Excel date (its serial number) or the
// usual typed forms 2026-03-15, 2026/3/15, 2026.3.15 and 2026年3月15日.
func planDate(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		// 36526 is 2000-01-01 and 73051 is 2100-01-01 in Excel's 1900 system.
		if v < 36526 || v >= 73051 {
			return "", false
		}
		t, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return "", false
		}
		return t.Format(dateLayout), true
	}
	raw = strings.NewReplacer("／", "/", "－", "-", "．", ".", " ", "").Replace(raw)
	return parseDate(raw)
}

// planInt reads a whole number, also when Excel stored it as 2.0.
func planInt(raw string) (int, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || v != float64(int(v)) || v > 1e6 || v < -1e6 {
		return 0, fmt.Errorf("not a whole number: %q", raw)
	}
	return int(v), nil
}

// planLabels accept the Chinese labels people type beside the codes.
var (
	planSources = map[string]string{"活动方案": "plan", "会议议定": "meeting", "领导批示": "instruction",
		"调研发现": "research", "督查发现": "inspection", "群众诉求": "appeal"}
	planCycles = map[string]string{"每周": "weekly", "每两周": "biweekly", "双周": "biweekly", "每月": "monthly",
		"不报送": "none", "无": "none"}
)

// planLabel turns a label or code into its code; "" when unknown.
func planLabel(labels map[string]string, codes []string, v, def string) string {
	if v == "" {
		return def
	}
	if c, ok := labels[v]; ok {
		return c
	}
	for _, c := range codes {
		if strings.EqualFold(v, c) {
			return c
		}
	}
	return ""
}
