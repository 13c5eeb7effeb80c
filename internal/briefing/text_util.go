package briefing

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Section is one editable part of a briefing's or outline's text. Heading
// is printed as a first-level heading (empty: none); each line of Text is a
// paragraph, and a line that starts with （一） and the like is a
// second-level heading.
type Section struct {
	Key     string `json:"key"`
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// cnDate writes 'YYYY-MM-DD' the way official documents do: 2026年6月1日.
func cnDate(s string) string {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// cnMonthDay writes 'YYYY-MM-DD' as 6月1日.
func cnMonthDay(s string) string {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d月%d日", int(d.Month()), d.Day())
}

// pctText writes a percentage with at most one decimal: 87.5%, 100%.
func pctText(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64) + "%"
}

// cnNum are the numerals of headings: 一、二、… and （一）（二）…
var cnNum = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func numeral(i int) string {
	if i < len(cnNum) {
		return cnNum[i]
	}
	return strconv.Itoa(i + 1)
}

// isSubheading reports whether a line is a second-level heading: （一）….
func isSubheading(line string) bool {
	for _, n := range cnNum {
		if strings.HasPrefix(line, "（"+n+"）") {
			return !strings.ContainsAny(line, "。；：")
		}
	}
	return false
}

// joinItems lists at most max items joined by 、 (with 等 when cut).
func joinItems(items []string, limit int) string {
	if len(items) > limit {
		return strings.Join(items[:limit], "、") + "等"
	}
	return strings.Join(items, "、")
}

// taskPhrase names a task with its lead unit: 教育局牵头的“……”.
func taskPhrase(it TaskItem) string {
	return it.Unit + "牵头的“" + it.Title + "”"
}

// unitNames lists the rows' unit names.
func unitNames(rows []UnitRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

// seriesName is a 序列's name in the text.
func seriesName(key string) string {
	if key == SeriesTown {
		return "镇（乡、街道）"
	}
	return "区直部门"
}

// delta writes a change of points: 提高2.5个百分点 / 下降1个百分点 / 持平.
func delta(v float64, up, down string) string {
	switch {
	case v > 0:
		return up + pctPoints(v)
	case v < 0:
		return down + pctPoints(-v)
	}
	return "持平"
}

func pctPoints(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "个百分点" }
