package portal

import (
	"net/http"
	"strconv"

	"tongchou/internal/appeal"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

type casesOfficePage struct {
	Appeals []appeal.Appeal
	Cases   map[int64]appeal.Case
	Err     error
	ErrID   int64
}

// CasesOffice is GET /portal/cases (office): closed appeals, each with the
// anonymised text the office publishes as a typical case.
func (p *Portal) CasesOffice(w http.ResponseWriter, r *http.Request) error {
	return p.renderCasesOffice(w, r, http.StatusOK, 0, nil)
}

func (p *Portal) renderCasesOffice(w http.ResponseWriter, r *http.Request, status int, errID int64, err error) error {
	as, cases, e := p.Appeals.CaseCandidates(r.Context(), auth.From(r.Context()), 100)
	if e != nil {
		return e
	}
	return p.UI.Render(w, r, status, "portal_cases_office", casesOfficePage{Appeals: as, Cases: cases, Err: err, ErrID: errID})
}

// CaseSave is POST /portal/cases/{id}/save: publish, change or (empty text) withdraw.
func (p *Portal) CaseSave(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	err = p.Appeals.PublishCase(r.Context(), auth.From(r.Context()), id, r.PostFormValue("case_text"))
	if ui.IsInvalid(err) {
		return p.renderCasesOffice(w, r, http.StatusUnprocessableEntity, id, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "portal.cases_office.saved")
	return ui.Redirect(w, r, "/portal/cases")
}
