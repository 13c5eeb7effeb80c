package briefing

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// unitHeader is the unit table's header.
var unitHeader = []any{"单位", "序列", "任务数", "在办", "已办结", "本期办结", "应报送", "按时报送", "迟报", "未报",
	"应办结", "按期办结", "红灯", "黄灯", "综合得分", "名次"}

// WriteXLSX writes the ranking and the unit table as a workbook.
func WriteXLSX(w io.Writer, b Briefing) error {
	x := excelize.NewFile()
	defer x.Close()
	const rank, units = "排名", "单位情况"
	x.SetSheetName("Sheet1", rank)
	if _, err := x.NewSheet(units); err != nil {
		return fmt.Errorf("briefing xlsx: %w", err)
	}
	row := 1
	put := func(sheet string, vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return x.SetSheetRow(sheet, cell, &vals)
	}
	if err := put(rank, []any{b.Title}); err != nil {
		return fmt.Errorf("briefing xlsx: %w", err)
	}
	if err := put(rank, []any{b.Number, b.From + " 至 " + b.To}); err != nil {
		return fmt.Errorf("briefing xlsx: %w", err)
	}
	for _, s := range b.Figures.Series {
		row++
		if err := put(rank, []any{seriesName(s.Key) + "序列"}); err != nil {
			return fmt.Errorf("briefing xlsx: %w", err)
		}
		for _, r := range RankingRows(s) {
			vals := make([]any, len(r))
			for i, c := range r {
				vals[i] = c
			}
			if err := put(rank, vals); err != nil {
				return fmt.Errorf("briefing xlsx: %w", err)
			}
		}
	}
	row = 1
	if err := put(units, unitHeader); err != nil {
		return fmt.Errorf("briefing xlsx: %w", err)
	}
	for _, u := range b.Figures.Units {
		series, score, place := "不排名", any(""), any("")
		if u.Series != "" {
			series = seriesName(u.Series)
			place = "无应办事项"
		}
		if u.Scored {
			score, place = u.Score, u.Rank
		}
		if err := put(units, []any{u.Name, series, u.Tasks, u.Open, u.Done, u.DoneInPeriod, u.ReportsDue, u.OnTime, u.Late,
			u.Missing, u.CompletionDue, u.CompletedOnTime, u.Red, u.Yellow, score, place}); err != nil {
			return fmt.Errorf("briefing xlsx: %w", err)
		}
	}
	_ = x.SetColWidth(rank, "B", "B", 28)
	_ = x.SetColWidth(units, "A", "A", 28)
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("briefing xlsx: %w", err)
	}
	return nil
}
