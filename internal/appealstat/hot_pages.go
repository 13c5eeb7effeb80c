package appealstat

import (
	"net/http"

	"tongchou/internal/chart"
	"tongchou/internal/ui"
)

// hotPage is the /appeals/hot page.
type hotPage struct {
	Hot
	Err                                     error
	WeeksChart, CategoriesChart, TermsChart chartHTML
}

// HotPage is GET /appeals/hot?from=&to=: counts and trends by category, village and week,
// the hot terms, the transferred town and township against the rest, and repeats. It
// reads the aggregate tables only (see Aggregator).
func (h *Pages) HotPage(w http.ResponseWriter, r *http.Request) error {
	p, err := HotPeriod(clip(r.FormValue("from")), clip(r.FormValue("to")), h.now())
	if err != nil {
		page := hotPage{Hot: Hot{Period: Period{From: clip(r.FormValue("from")), To: clip(r.FormValue("to"))}}, Err: err}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "appealstat_hot", page)
	}
	page, err := h.hot(r, p)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "appealstat_hot", page)
}

// hot builds the page, or takes it from the cache while the counts have not moved.
func (h *Pages) hot(r *http.Request, p Period) (hotPage, error) {
	ctx, lang, now := r.Context(), ui.Lang(r), h.now()
	m, err := readMark(ctx, h.db)
	if err != nil {
		return hotPage{}, err
	}
	key := hotKey{p: p, lang: lang}
	if page, ok := h.cache.get(key, m, now); ok {
		return page, nil
	}
	hot, err := LoadHot(ctx, h.db, p, lang)
	if err != nil {
		return hotPage{}, err
	}
	page := hotPage{Hot: hot}
	t := h.ui.Catalog.T
	page.WeeksChart = weeksChart(t, lang, hot.Weeks)
	page.CategoriesChart = categoriesChart(t, lang, hot.Categories)
	page.TermsChart = termsChart(t, lang, hot.Terms)
	h.cache.put(key, m, now, page)
	return page, nil
}

// weeksChart: appeals per ISO week, all and by side.
func weeksChart(t translate, lang string, weeks []Week) chartHTML {
	if len(weeks) == 0 {
		return ""
	}
	labels := make([]string, len(weeks))
	all, tr, rest := chart.Series{Name: t(lang, "appealstat.hot.all")}, chart.Series{Name: t(lang, "appealstat.hot.transferred")},
		chart.Series{Name: t(lang, "appealstat.hot.rest")}
	for i, w := range weeks {
		labels[i] = w.Label[5:] // "W09"
		all.Values = append(all.Values, float64(w.N))
		tr.Values = append(tr.Values, float64(w.Transferred))
		rest.Values = append(rest.Values, float64(w.Rest))
	}
	return svg(chart.Line(t(lang, "appealstat.hot.chart.weeks"), labels, []chart.Series{all, tr, rest}))
}

// categoriesChart: appeals per category, transferred against the rest.
func categoriesChart(t translate, lang string, cats []Count) chartHTML {
	if len(cats) == 0 {
		return ""
	}
	labels := make([]string, len(cats))
	tr, rest := chart.Series{Name: t(lang, "appealstat.hot.transferred")}, chart.Series{Name: t(lang, "appealstat.hot.rest")}
	for i, c := range cats {
		labels[i] = c.Name
		tr.Values = append(tr.Values, float64(c.NTransferred))
		rest.Values = append(rest.Values, float64(c.NRest))
	}
	return svg(chart.Bar(t(lang, "appealstat.hot.chart.categories"), labels, []chart.Series{tr, rest}))
}

// termsChart: the fifteen hottest terms.
func termsChart(t translate, lang string, terms []Term) chartHTML {
	n := min(len(terms), 15)
	if n == 0 {
		return ""
	}
	labels := make([]string, n)
	s := chart.Series{Values: make([]float64, n)}
	for i, tm := range terms[:n] {
		labels[i], s.Values[i] = tm.Term, float64(tm.N)
	}
	return svg(chart.Bar(t(lang, "appealstat.hot.chart.terms"), labels, []chart.Series{s}).Horizontal().WithSize(chart.DefaultWidth, 120+n*28))
}
