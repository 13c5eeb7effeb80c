package portal

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"tongchou/internal/appeal"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// trackFormPage is the data of portal_track_form.
type trackFormPage struct {
	Code string
	Err  error
}

// TrackForm is GET /public/track; with ?code= it goes to that appeal's page.
func (p *Portal) TrackForm(w http.ResponseWriter, r *http.Request) error {
	raw := r.URL.Query().Get("code")
	if strings.TrimSpace(raw) == "" {
		return p.UI.Render(w, r, http.StatusOK, "portal_track_form", trackFormPage{})
	}
	code, ok := appeal.NormaliseCode(raw)
	if !ok {
		if len(raw) > 40 {
			raw = raw[:40]
		}
		return p.UI.Render(w, r, http.StatusUnprocessableEntity, "portal_track_form",
			trackFormPage{Code: raw, Err: ui.Errors{"code": "portal.err.code"}})
	}
	return ui.Redirect(w, r, "/public/track/"+code)
}

// trackPage is the data of portal_track: what appeal.Public carries, never
// a name, phone, address or photo.
type trackPage struct {
	Appeal  appeal.Public
	Ratings []string
	Form    rateForm
	Err     error
}

type rateForm struct {
	Rating string
	Reason string
}

// Track is GET /public/track/{code}. An unknown code is the same 404 page as
// a malformed one.
func (p *Portal) Track(w http.ResponseWriter, r *http.Request) error {
	return p.renderTrack(w, r, http.StatusOK, rateForm{}, nil)
}

func (p *Portal) renderTrack(w http.ResponseWriter, r *http.Request, status int, f rateForm, err error) error {
	a, e := p.Appeals.Track(r.Context(), r.PathValue("code"))
	if e != nil {
		return e
	}
	return p.UI.Render(w, r, status, "portal_track", trackPage{Appeal: a, Form: f, Err: err,
		Ratings: []string{appeal.RatingSatisfied, appeal.RatingBasic, appeal.RatingUnsatisfied}})
}

// Rate is POST /public/track/{code}/rate: the citizen's 满意 / 基本满意 /
// 不满意 (with a reason); 不满意 the first time reopens the appeal (重办).
func (p *Portal) Rate(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	f := rateForm{Rating: r.PostFormValue("rating"), Reason: r.PostFormValue("reason")}
	code, ok := appeal.NormaliseCode(r.PathValue("code"))
	if !ok {
		return store.ErrNotFound
	}
	err := p.Appeals.RateByCode(r.Context(), code, f.Rating, f.Reason)
	switch {
	case ui.IsInvalid(err):
		return p.renderTrack(w, r, http.StatusUnprocessableEntity, f, err)
	case errors.Is(err, appeal.ErrInvalidState):
		ui.Flash(w, "portal.rate.not_now")
	case err != nil:
		return err
	default:
		ui.Flash(w, "portal.rate.thanks")
	}
	return ui.Redirect(w, r, "/public/track/"+url.PathEscape(code))
}
