package org

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// templateSheets are the headers, one example row and what each column means.
var templateSheets = []struct {
	name    string
	headers []string
	example []string
	notes   []string
}{
	{SheetUnits, []string{"名称", "简称", "类型", "上级单位", "行政区划代码"},
		[]string{"示例镇人民政府", "示例镇", "镇政府", "", "350302100000"},
		[]string{"必填，不能与已有单位重名", "选填", "区直单位、街道办事处、镇政府、乡政府、村（居）委会、社会组织", "选填，已有单位或本表前面各行的单位名称", "选填，12 位现行统计用区划代码"}},
	{SheetUsers, []string{"用户名", "姓名", "单位", "职务", "手机", "角色", "兼职单位"},
		[]string{"zhangsan", "张三", "示例镇人民政府", "党政办联络员", "13800001234", "联络员", ""},
		[]string{"必填，小写字母开头，3–32 位字母、数字、._-", "必填", "必填，已有单位或“单位”表中的单位名称", "选填", "选填，手机号或带区号的固定电话", "督查室、区领导、单位负责人、联络员、网格员，多个用顿号分隔", "选填，多个用顿号分隔"}},
}

// WriteTemplate writes the import template: a 单位 and a 用户 sheet with a
// header row and one example row each, and a 说明 sheet explaining every column.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const notes = "说明"
	if err := f.SetSheetName("Sheet1", notes); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	f.SetCellValue(notes, "A1", "第 1 行为表头，请勿修改；第 2 行为示例，导入前请改写或删除。任何一行有误时，整个文件都不会导入，并列出每一处错误。")
	line := 3
	for _, sh := range templateSheets {
		if _, err := f.NewSheet(sh.name); err != nil {
			return fmt.Errorf("template sheet %s: %w", sh.name, err)
		}
		for i := range sh.headers {
			col, _ := excelize.ColumnNumberToName(i + 1)
			f.SetCellValue(sh.name, col+"1", sh.headers[i])
			f.SetCellValue(sh.name, col+"2", sh.example[i])
			f.SetColWidth(sh.name, col, col, 20)
			f.SetCellValue(notes, fmt.Sprintf("A%d", line), sh.name+" · "+sh.headers[i])
			f.SetCellValue(notes, fmt.Sprintf("B%d", line), sh.notes[i])
			line++
		}
	}
	f.SetColWidth(notes, "A", "A", 24)
	f.SetColWidth(notes, "B", "B", 80)
	if idx, err := f.GetSheetIndex(SheetUnits); err == nil {
		f.SetActiveSheet(idx)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	return nil
}
