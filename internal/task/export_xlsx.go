package task

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/audit"
	"tongchou/internal/ui"
)

// lightFill is the cell colour of each light in an export.
var lightFill = map[Light]string{LightRed: "F4B6B6", LightYellow: "FCE8A6", LightGreen: "C6E9C6", LightGrey: "DDDDDD"}

// sheetWriter streams one sheet of an export: a bold, frozen header row,
// column widths, date cells and light cells in their colour.
type sheetWriter struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	next   int
	date   int
	pct    int
	lights map[Light]int
}

// newSheet starts a workbook with one sheet named name and its header.
func newSheet(name string, heads []string, widths []float64) (*sheetWriter, error) {
	f := excelize.NewFile()
	x := &sheetWriter{f: f, next: 1, lights: map[Light]int{}}
	if err := x.setup(name, heads, widths); err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

func (x *sheetWriter) setup(name string, heads []string, widths []float64) error {
	f := x.f
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	var err error
	if x.sw, err = f.NewStreamWriter(name); err != nil {
		return fmt.Errorf("stream sheet: %w", err)
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	for i, w := range widths {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEEEEE"}}})
	if err != nil {
		return fmt.Errorf("header style: %w", err)
	}
	if x.date, err = f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: ptr("yyyy-mm-dd")}); err != nil {
		return fmt.Errorf("date style: %w", err)
	}
	if x.pct, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil {
		return fmt.Errorf("percent style: %w", err)
	}
	for l, colour := range lightFill {
		if x.lights[l], err = f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Alignment: &excelize.Alignment{Horizontal: "center"}}); err != nil {
			return fmt.Errorf("light style: %w", err)
		}
	}
	head := make([]any, len(heads))
	for i, h := range heads {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	return x.row(head...)
}

// dateCell is a 'YYYY-MM-DD' date as a real date cell ("" stays empty).
func (x *sheetWriter) dateCell(d string) any {
	t, err := time.Parse(dateLayout, d)
	if err != nil {
		return d
	}
	return excelize.Cell{StyleID: x.date, Value: t}
}

// lightCell is a light as its text on its colour.
func (x *sheetWriter) lightCell(l Light, text string) any {
	if l == "" {
		return ""
	}
	return excelize.Cell{StyleID: x.lights[l], Value: text}
}

// pctCell is a percentage (0–100) as an Excel percent; a negative rate is "—".
func (x *sheetWriter) pctCell(v float64) any {
	if v < 0 {
		return "—"
	}
	return excelize.Cell{StyleID: x.pct, Value: v / 100}
}

// row writes one row; text is clipped under Excel's cell limit and always
// written as text, never as a formula.
func (x *sheetWriter) row(vals ...any) error {
	for i, v := range vals {
		if s, ok := v.(string); ok && utf8.RuneCountInString(s) > 32000 {
			vals[i] = string([]rune(s)[:32000]) + "…"
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.next)
	x.next++
	if err := x.sw.SetRow(cell, vals); err != nil {
		return fmt.Errorf("write row %d: %w", x.next-1, err)
	}
	return nil
}

// send finishes the workbook and writes it as a download whose name is in
// the viewer's language (filename*) with an ASCII fallback.
func (x *sheetWriter) send(w http.ResponseWriter, r *http.Request, ascii, name string) error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("finish sheet: %w", err)
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", audit.ContentDisposition(ascii, name))
	w.Header().Set("Cache-Control", "no-store")
	// Once bytes are out no error page can follow, so a failure is only logged.
	if err := x.f.Write(w); err != nil {
		slog.WarnContext(r.Context(), "export interrupted", "err", err)
	}
	return nil
}

// exportDay is today in Shanghai for file names.
func exportDay(now time.Time) string { return now.In(ui.Shanghai).Format(dateLayout) }

// countCell is a count coloured as light l when it is not zero.
func (x *sheetWriter) countCell(n int, l Light) any {
	if n == 0 {
		return 0
	}
	return excelize.Cell{StyleID: x.lights[l], Value: n}
}
