package briefing

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/chart"
	"tongchou/internal/docx"
	"tongchou/internal/ui"
)

// defaultMasthead is the 发文机关标志 when the campaign names no issuer.
const defaultMasthead = "督查通报"

// mainRecipients is the 主送机关 of a briefing.
const mainRecipients = "各镇（乡、街道），区直各部门："

// Document lays a briefing or outline out as an official document. The
// ranking tables follow the ranking section, with a bar chart of the scores
// when a Chinese font is available (without one the document carries the
// tables only and the log says why).
func Document(b Briefing) docx.Document {
	set := b.Figures.Settings
	d := docx.Document{Title: b.Title}
	date := b.UpdatedAt
	if b.PublishedAt != nil {
		date = *b.PublishedAt
	}
	date = date.In(ui.Shanghai)
	civil := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	if b.Kind == KindBriefing {
		d.Masthead = orDefault(set.Issuer, defaultMasthead)
		d.Number = b.Number
		d.To = mainRecipients
		d.Signer = set.Issuer
		d.SignDate = civil
		d.CC = set.CC
		d.Issuer = orDefault(set.Issuer, defaultMasthead)
		d.IssueDate = civil
	}
	for _, s := range b.Sections {
		if s.Heading != "" {
			d.Blocks = append(d.Blocks, docx.H1(s.Heading))
		}
		for _, line := range strings.Split(s.Text, "\n") {
			if isSubheading(strings.TrimSpace(line)) {
				d.Blocks = append(d.Blocks, docx.H2(line))
			} else {
				d.Blocks = append(d.Blocks, docx.P(line))
			}
		}
		if s.Key == "ranking" {
			d.Blocks = append(d.Blocks, rankingBlocks(b.Figures)...)
		}
	}
	return d
}

// docDate is the 成文日期 of a briefing: the day it was published, or last
// edited while a draft, as documents write it.
func docDate(b Briefing) string {
	d := b.UpdatedAt
	if b.PublishedAt != nil {
		d = *b.PublishedAt
	}
	return cnDate(d.In(ui.Shanghai).Format(dateLayout))
}

// rankingBlocks are the ranking tables and the score chart.
func rankingBlocks(f Figures) []docx.Block {
	var out []docx.Block
	for _, s := range f.Series {
		out = append(out, docx.P(seriesName(s.Key)+"序列排名"), docx.Table(RankingRows(s)))
		if png := scoreChart(s); png != nil {
			out = append(out, docx.Image(png, 150))
		}
	}
	return out
}

// RankingRows is a series' ranking as table rows, the header first.
func RankingRows(s Series) [][]string {
	rows := [][]string{{"名次", "单位", "按时报送率", "按期办结率", "未亮红灯比例", "综合得分"}}
	for _, r := range s.Rows {
		if !r.Scored {
			rows = append(rows, []string{"—", r.Name, "无应办事项", "", "", ""})
			continue
		}
		rows = append(rows, []string{strconv.Itoa(r.Rank), r.Name, rateCell(r.OnTimeRate()), rateCell(r.OnTimeCompletionRate()),
			rateCell(r.NotRedShare()), strconv.FormatFloat(r.Score, 'f', 1, 64)})
	}
	return rows
}

func rateCell(v float64) string {
	if v < 0 {
		return "—"
	}
	return pctText(v)
}

// scoreChart draws a series' scores as a PNG bar chart; nil without a font.
func scoreChart(s Series) []byte {
	var labels []string
	var values []float64
	for _, r := range s.Rows {
		if r.Scored {
			labels = append(labels, r.Name)
			values = append(values, r.Score)
		}
	}
	if len(labels) == 0 {
		return nil
	}
	png, err := chart.Bar(seriesName(s.Key)+"综合得分", labels, []chart.Series{{Name: "得分", Values: values}}).PNG()
	if err != nil {
		slog.Warn("briefing chart left out", "err", err)
		return nil
	}
	return png
}

// WriteDocx writes the briefing as DOCX.
func WriteDocx(w io.Writer, b Briefing) error {
	if err := docx.Write(w, Document(b)); err != nil {
		return fmt.Errorf("briefing %d docx: %w", b.ID, err)
	}
	return nil
}
