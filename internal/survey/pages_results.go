package survey

import (
	"bytes"
	"net/http"
	"strings"

	"tongchou/internal/chart"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

type resultsPage struct {
	Survey    Survey
	Results   Results
	Choice    []Question // the questions a cross-tab can use
	Q, By     string
	Cross     *CrossTab
	CrossPath string
}

// Results is GET /surveys/{id}/results[?q=…&by=…].
func (h *Pages) Results(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	places, err := Villages(r.Context(), h.s.db, h.s.today())
	if err != nil {
		return err
	}
	res, err := h.s.Tally(r.Context(), s, places)
	if err != nil {
		return err
	}
	p := resultsPage{Survey: s, Results: res}
	for _, q := range s.Questions {
		if CanCrossTab(q) {
			p.Choice = append(p.Choice, q)
		}
	}
	p.Q, p.By = r.URL.Query().Get("q"), r.URL.Query().Get("by")
	if p.Q == "" && p.By == "" {
		p.Q, p.By = defaultCross(p.Choice)
	}
	if p.Q != "" && p.By != "" {
		ct, err := h.s.CrossTab(r.Context(), s, places, p.Q, p.By)
		if err != nil {
			return err // an unknown or unfit question is 404
		}
		p.Cross = &ct
	}
	return h.ui.Render(w, r, http.StatusOK, "survey_results", p)
}

// defaultCross is the first choice question by the village question, when
// the survey has both; else by the next choice question.
func defaultCross(qs []Question) (q, by string) {
	for _, v := range qs {
		if v.Type == Village {
			by = v.Key
		}
	}
	for _, c := range qs {
		if c.Key == by {
			continue
		}
		if by == "" {
			by = c.Key
			continue
		}
		return c.Key, by
	}
	return "", ""
}

// Chart is GET /surveys/{id}/charts/{key}: a question's counts as SVG, loaded
// as an image (so nothing in it can run on the page).
func (h *Pages) Chart(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	q, ok := s.Question(r.PathValue("key"))
	if !ok || !(q.Type.IsChoice() || q.Type == Matrix) {
		return store.ErrNotFound
	}
	places, err := Villages(r.Context(), h.s.db, h.s.today())
	if err != nil {
		return err
	}
	res, err := h.s.Tally(r.Context(), Survey{ID: s.ID, Questions: []Question{q}}, places)
	if err != nil {
		return err
	}
	var labels []string
	var values []float64
	qr := res.Questions[0]
	for _, c := range qr.Counts {
		labels, values = append(labels, c.Label), append(values, float64(c.N))
	}
	for _, m := range qr.Matrix {
		labels, values = append(labels, m.Label), append(values, m.Mean)
	}
	if len(labels) == 0 {
		labels, values = []string{"—"}, []float64{0}
	}
	height := min(max(160, 40*len(labels)+80), 2000)
	svg, err := chart.Bar("", labels, []chart.Series{{Values: values}}).Horizontal().WithSize(640, height).SVG()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, no-cache")
	_, err = w.Write(svg)
	return err
}

// ExportCSV is GET /surveys/{id}/responses.csv.
func (h *Pages) ExportCSV(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, "csv")
}

// ExportXLSX is GET /surveys/{id}/responses.xlsx.
func (h *Pages) ExportXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, "xlsx")
}

func (h *Pages) export(w http.ResponseWriter, r *http.Request, format string) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	places, err := Villages(r.Context(), h.s.db, h.s.today())
	if err != nil {
		return err
	}
	lang := ui.Lang(r)
	t, err := h.s.Export(r.Context(), s, places, Fixed{ID: h.ui.Catalog.T(lang, "survey.export.id"),
		Time: h.ui.Catalog.T(lang, "survey.export.time"), Name: h.ui.Catalog.T(lang, "survey.export.name")})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "csv" {
		err = t.WriteCSV(&buf)
	} else {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = t.WriteXLSX(&buf)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="survey-`+strings.TrimSpace(r.PathValue("id"))+`.`+format+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}
