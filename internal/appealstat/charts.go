package appealstat

import (
	"html/template"
	"log/slog"

	"tongchou/internal/chart"
)

// chartHTML is a server-rendered SVG chart to inline in a page, or "" when there is
// nothing to draw (the tables beside it carry the figures).
type chartHTML = template.HTML

// translate is the catalogue's lookup.
type translate func(lang, key string, args ...any) string

// svg renders c; a failure is logged and leaves the page without the chart rather than
// failing it, since the same figures are in the table.
func svg(c chart.Chart) chartHTML {
	b, err := c.SVG()
	if err != nil {
		if err != chart.ErrNoData {
			slog.Warn("appealstat chart", "err", err)
		}
		return ""
	}
	// chart.SVG rewrites the library's output to presentation attributes without script
	// or links, so it is safe to inline under the strict CSP.
	return template.HTML(b)
}

// ratesChart is the units' three rates as grouped horizontal bars, in percent.
func ratesChart(t translate, lang string, units []UnitRates) chartHTML {
	if len(units) == 0 {
		return ""
	}
	labels := make([]string, len(units))
	series := []chart.Series{{Name: t(lang, "appealstat.response")}, {Name: t(lang, "appealstat.solve")}, {Name: t(lang, "appealstat.satisfaction")}}
	for i, u := range units {
		labels[i] = u.Unit
		for j, r := range []Rate{u.Response, u.Solve, u.Satisfaction} {
			v, _ := r.Value()
			series[j].Values = append(series[j].Values, v*100)
		}
	}
	height := max(chart.DefaultHeight, 60+len(units)*48)
	return svg(chart.Bar(t(lang, "appealstat.chart.rates"), labels, series).Horizontal().WithSize(chart.DefaultWidth, min(height, 4000)))
}
