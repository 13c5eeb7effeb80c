package appealstat

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// Export is GET /appeals/rates.xlsx: the page's table with the counts behind each rate,
// the rates as real percentages and the settings used in a second sheet.
func (h *Pages) Export(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	p, err := ParsePeriod(clip(r.FormValue("from")), clip(r.FormValue("to")), h.now())
	if err != nil {
		return h.Rates(w, r) // the page shows the period's error beside the fields
	}
	units, s, err := h.rates(r, me, p)
	if err != nil {
		return err
	}
	lang := ui.Lang(r)
	T := func(key string, args ...any) string { return h.ui.Catalog.T(lang, key, args...) }
	f := excelize.NewFile()
	defer f.Close()
	sheet := T("appealstat.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		return fmt.Errorf("percent style: %w", err)
	}
	heads := []string{T("appealstat.col.unit"),
		T("appealstat.col.signed"), T("appealstat.col.dispatched"), T("appealstat.response"),
		T("appealstat.col.solved"), T("appealstat.col.closed"), T("appealstat.solve"),
		T("appealstat.col.satisfied"), T("appealstat.col.rated"), T("appealstat.satisfaction"),
		T("appealstat.satisfaction_first"), T("appealstat.score")}
	if err := f.SetSheetRow(sheet, "A1", &heads); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	rate := func(r Rate) any {
		if v, ok := r.Value(); ok {
			return excelize.Cell{StyleID: pct, Value: v}
		}
		return ""
	}
	for i, u := range units {
		var score any = ""
		if u.HasScore {
			score = u.Score
		}
		row := []any{u.Unit, u.Response.Num, u.Response.Den, rate(u.Response), u.Solve.Num, u.Solve.Den, rate(u.Solve),
			u.Satisfaction.Num, u.Satisfaction.Den, rate(u.Satisfaction), rate(u.SatisfactionFirst), score}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return fmt.Errorf("write row: %w", err)
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 28); err != nil {
		return fmt.Errorf("column width: %w", err)
	}
	if err := h.exportSettings(f, T, p, s); err != nil {
		return err
	}
	name := T("appealstat.file", p.From, p.To) + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"rates-"+p.From+"-"+p.To+".xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	return f.Write(w)
}

// exportSettings writes the period and the definitions the figures were computed with.
func (h *Pages) exportSettings(f *excelize.File, T func(string, ...any) string, p Period, s Settings) error {
	sheet := T("appealstat.sheet_settings")
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("settings sheet: %w", err)
	}
	rows := [][]any{
		{T("appealstat.period"), p.From + " – " + p.To},
		{T("appealstat.weights"), fmt.Sprintf("%d / %d / %d", s.WeightResponse, s.WeightSolve, s.WeightSatisfaction)},
		{T("appealstat.def.response"), T(map[bool]string{false: "appealstat.def.pending_in", true: "appealstat.def.pending_out"}[s.ExcludePending])},
		{T("appealstat.def.solve"), ""},
		{T("appealstat.def.satisfaction"), T("appealstat.round." + s.Round)},
		{T("appealstat.basic"), T(map[bool]string{false: "appealstat.no", true: "appealstat.yes"}[s.BasicSatisfied])},
		{T("appealstat.basis"), T("appealstat.basis." + s.Basis)},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return fmt.Errorf("write settings: %w", err)
		}
	}
	return f.SetColWidth(sheet, "A", "B", 40)
}
