package workday

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteTemplate writes the import template: a header row (日期, 类型, 名称),
// example rows in the form of the official notice, and a note on each column.
// The date column is text so that what is typed stays as typed.
func WriteTemplate(w io.Writer, year int) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "节假日安排"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	rows := [][]any{
		{"日期", "类型", "名称", "说明"},
		{fmt.Sprintf("%d-01-01", year), "休", "元旦", "日期写作 2027-01-01、2027/1/1 或 2027年1月1日"},
		{fmt.Sprintf("%d-10-01", year), "休", "国庆节", "类型：休（放假）或 班（调休上班，只能是周六或周日）"},
		{"", "", "", "一个文件只含一年；导入时替换该年全部已录入的日期；任何一行有误则整个文件不导入"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return fmt.Errorf("template row: %w", err)
		}
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err == nil {
		err = f.SetColStyle(sheet, "A", text)
	}
	if err == nil {
		err = f.SetColWidth(sheet, "A", "A", 14)
	}
	if err == nil {
		err = f.SetColWidth(sheet, "D", "D", 60)
	}
	if err != nil {
		return fmt.Errorf("template style: %w", err)
	}
	return f.Write(w)
}
