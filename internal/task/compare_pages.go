package task

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type comparePage struct {
	Campaign Campaign
	Units    []UnitFigures
	Sort     string // the current sort key, "-" first when descending
	Today    string
}

// SortURL is the link that sorts by col: descending first for the counts
// (worst first), flipping when col is already the sort.
func (p comparePage) SortURL(col string) string {
	key := "-" + col
	if col == "unit" {
		key = col
	}
	if p.Sort == key {
		if key[0] == '-' {
			key = col
		} else {
			key = "-" + col
		}
	}
	return "?sort=" + key
}

// SortMark is ▲ or ▼ beside the column the table is sorted by.
func (p comparePage) SortMark(col string) string {
	switch p.Sort {
	case col:
		return "▲"
	case "-" + col:
		return "▼"
	}
	return ""
}

// Units is GET /campaigns/{id}/units: the unit comparison table.
func (h *Pages) Units(w http.ResponseWriter, r *http.Request) error {
	p, err := h.compare(r)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "compare_units", p)
}

// UnitsExport is GET /campaigns/{id}/units.xlsx: the comparison as a workbook.
func (h *Pages) UnitsExport(w http.ResponseWriter, r *http.Request) error {
	p, err := h.compare(r)
	if err != nil {
		return err
	}
	lang := ui.Lang(r)
	T := func(key string, args ...any) string { return h.ui.Catalog.T(lang, key, args...) }
	x, err := newSheet(T("compare.sheet"), []string{T("compare.col.unit"), T("compare.col.tasks"), T("compare.col.done"),
		T("compare.col.reports_due"), T("compare.col.on_time"), T("compare.col.ontime"), T("compare.col.completion"),
		T("compare.col.yellow"), T("compare.col.red"), T("compare.col.lagging")}, []float64{24, 8, 8, 10, 10, 12, 10, 8, 8, 10})
	if err != nil {
		return err
	}
	for _, u := range p.Units {
		var lagCell any = ""
		if u.Lagging() {
			lagCell = x.lightCell(LightRed, T("compare.lagging"))
		}
		if err := x.row(u.Unit, u.Tasks, u.Done, u.ReportsDue, u.OnTime, x.pctCell(u.OnTimeRate()), x.pctCell(u.CompletionRate()),
			x.countCell(u.Yellow, LightYellow), x.countCell(u.Red, LightRed), lagCell); err != nil {
			x.f.Close()
			return err
		}
	}
	day := exportDay(h.s.now())
	return x.send(w, r, "units-"+itoa(p.Campaign.ID)+"-"+day+".xlsx", T("compare.file", p.Campaign.Name)+"-"+day+".xlsx")
}

// compare loads the comparison for the campaign of the path, sorted as asked.
func (h *Pages) compare(r *http.Request) (comparePage, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return comparePage{}, err
	}
	ctx := r.Context()
	me := auth.From(ctx)
	c, err := h.s.Campaign(ctx, me, id)
	if err != nil {
		return comparePage{}, err
	}
	units, err := h.s.CompareUnits(ctx, me, id)
	if err != nil {
		return comparePage{}, err
	}
	return comparePage{Campaign: c, Units: units, Sort: SortUnits(units, r.URL.Query().Get("sort")), Today: h.s.today()}, nil
}

// Columns are the table's sortable columns in order.
func (p comparePage) Columns() []string { return CompareSorts }
