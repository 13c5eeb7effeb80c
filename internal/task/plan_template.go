package task

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// planHelp explains each column on the 说明 sheet: required or not, and how to fill it.
var planHelp = map[string][2]string{
	"seq":         {"否", "本行编号，供下级任务在“上级序号”中引用，如 1、1.1；同一文件内不得重复"},
	"parent":      {"否", "上级任务的序号，须是本表中位于前面的行；留空表示重点任务（一级）"},
	"title":       {"是", "任务名称，不超过200字"},
	"goal":        {"否", "目标要求，不超过5000字"},
	"lead_unit":   {"是", "牵头单位全称或简称，须与系统中的单位一致"},
	"co_units":    {"否", "配合单位，多个用“、”分隔"},
	"responsible": {"否", "牵头单位中的责任人：用户名或姓名（重名时请填用户名）"},
	"leader":      {"否", "分管领导：具有区领导角色的用户名或姓名"},
	"start":       {"否", "开始日期，如 2026-03-15、2026/3/15、2026.3.15、2026年3月15日或Excel日期；留空取活动开始日期"},
	"deadline":    {"是", "完成时限，格式同开始日期，不得早于开始日期"},
	"cycle":       {"否", "报送周期：每周、每两周、每月、不报送；留空为不报送"},
	"tags":        {"否", "标签，多个用“、”分隔，如 民生改善、资源整合"},
	"source":      {"否", "来源：活动方案、会议议定、领导批示、调研发现、督查发现、群众诉求；留空为活动方案"},
	"weight":      {"否", "权重，1–100的整数，用于进度汇总；留空为1"},
}

// WritePlanTemplate writes the plan workbook template: the task sheet with
// its header and one example row, and the 说明 sheet.
func WritePlanTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", PlanSheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("header style: %w", err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return fmt.Errorf("date style: %w", err)
	}
	for i, pc := range planColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue(PlanSheet, cell, pc.Head); err != nil {
			return fmt.Errorf("header: %w", err)
		}
	}
	example := []any{"1", "", "新划入镇乡学校布局调研", "摸清学校布局和师资情况，形成调研报告", "教育局", "卫生健康局、青石镇人民政府",
		"", "", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), "2026年6月30日", "每两周", "民生改善、资源整合", "调研发现", 1}
	if err := f.SetSheetRow(PlanSheet, "A2", &example); err != nil {
		return fmt.Errorf("example row: %w", err)
	}
	steps := []error{
		f.SetCellStyle(PlanSheet, "A1", "N1", bold),
		f.SetCellStyle(PlanSheet, "I2", "I2", dateStyle),
		f.SetColWidth(PlanSheet, "A", "B", 8),
		f.SetColWidth(PlanSheet, "C", "D", 30),
		f.SetColWidth(PlanSheet, "E", "H", 18),
		f.SetColWidth(PlanSheet, "I", "J", 14),
		f.SetColWidth(PlanSheet, "K", "N", 12),
		f.SetPanes(PlanSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
	}
	for _, err := range steps {
		if err != nil {
			return fmt.Errorf("template sheet: %w", err)
		}
	}
	if err := writePlanHelp(f, bold); err != nil {
		return err
	}
	return f.Write(w)
}

func writePlanHelp(f *excelize.File, bold int) error {
	if _, err := f.NewSheet(PlanHelpSheet); err != nil {
		return fmt.Errorf("help sheet: %w", err)
	}
	rows := [][]any{{"列名", "必填", "填写说明"}}
	for _, pc := range planColumns {
		h := planHelp[pc.Field]
		rows = append(rows, []any{pc.Head, h[0], h[1]})
	}
	rows = append(rows, []any{"", "", "导入时逐行校验；任何一行有错误，整个文件都不导入，并列出每个错误的行号、列名和原因。"})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(PlanHelpSheet, cell, &r); err != nil {
			return fmt.Errorf("help row: %w", err)
		}
	}
	for _, err := range []error{f.SetCellStyle(PlanHelpSheet, "A1", "C1", bold), f.SetColWidth(PlanHelpSheet, "A", "A", 12),
		f.SetColWidth(PlanHelpSheet, "B", "B", 6), f.SetColWidth(PlanHelpSheet, "C", "C", 90)} {
		if err != nil {
			return fmt.Errorf("help sheet: %w", err)
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
