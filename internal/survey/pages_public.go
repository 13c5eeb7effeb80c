package survey

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// deviceCookie holds the browser's random token: one response per device.
const deviceCookie = "tc_survey"

// maxBody bounds a public submission; a longer text field still parses and
// is refused beside the field with a clear message.
const maxBody = 4 << 20

type publicPage struct {
	Survey Survey
	Fields []FieldView
	Name   string
	Script string
	Err    error
}

type noticePage struct {
	Survey  Survey
	Message string // message key
}

// Form is GET /s/{slug}: the public form, or a page saying it is closed.
func (h *Pages) Form(w http.ResponseWriter, r *http.Request) error {
	s, err := h.s.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if !s.Open(h.s.today()) {
		return h.notice(w, r, http.StatusGone, s, "survey.public.closed")
	}
	h.deviceToken(w, r)
	return h.publicForm(w, r, http.StatusOK, s, nil, nil)
}

func (h *Pages) publicForm(w http.ResponseWriter, r *http.Request, status int, s Survey, form url.Values, err error) error {
	places, perr := Villages(r.Context(), h.s.db, h.s.today())
	if perr != nil {
		return perr
	}
	p := publicPage{Survey: s, Fields: formView(s, places, form, ui.AsErrors(err)), Name: clip(form.Get("name"), 50), Script: ScriptPath, Err: err}
	return h.ui.Render(w, r, status, "survey_public", p)
}

func (h *Pages) notice(w http.ResponseWriter, r *http.Request, status int, s Survey, key string) error {
	return h.ui.Render(w, r, status, "survey_notice", noticePage{Survey: s, Message: key})
}

// deviceToken returns the browser's token, giving it one when it has none
// ("" then: this request cannot count as the device's answer yet).
func (h *Pages) deviceToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(deviceCookie); err == nil && len(c.Value) == 32 {
		return c.Value
	}
	b := make([]byte, 16)
	rand.Read(b)
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: hex.EncodeToString(b), Path: "/s/", MaxAge: 400 * 24 * 3600,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	return ""
}

// Submit is POST /s/{slug}.
func (h *Pages) Submit(w http.ResponseWriter, r *http.Request) error {
	s, err := h.s.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if !s.Open(h.s.today()) {
		return h.notice(w, r, http.StatusGone, s, "survey.public.closed")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		return h.notice(w, r, http.StatusRequestEntityTooLarge, s, "survey.public.too_large")
	}
	form := r.PostForm
	places, err := Villages(r.Context(), h.s.db, h.s.today())
	if err != nil {
		return err
	}
	answers, errs := s.ParseAnswers(form, villageSet(places))
	name := strings.TrimSpace(form.Get("name"))
	if !s.Anonymous && (name == "" || utf8.RuneCountInString(name) > 50 || !utf8.ValidString(name)) {
		errs["name"] = "survey.err.name"
	}
	device := h.deviceToken(w, r)
	if device == "" && len(errs) == 0 {
		errs["form"] = "survey.err.cookie"
	}
	if len(errs) > 0 {
		return h.publicForm(w, r, http.StatusUnprocessableEntity, s, form, errs)
	}
	_, err = h.s.Submit(r.Context(), s.ID, Response{Device: device, IP: h.clientIP(r), Name: name, Answers: answers})
	switch {
	case errors.Is(err, ErrDuplicate):
		return h.notice(w, r, http.StatusConflict, s, "survey.public.duplicate")
	case errors.Is(err, ErrTooMany):
		return h.notice(w, r, http.StatusTooManyRequests, s, "survey.public.too_many")
	case errors.Is(err, ErrClosed):
		return h.notice(w, r, http.StatusGone, s, "survey.public.closed")
	case err != nil:
		return err
	}
	return ui.Redirect(w, r, s.PublicPath()+"/thanks")
}

// Thanks is GET /s/{slug}/thanks.
func (h *Pages) Thanks(w http.ResponseWriter, r *http.Request) error {
	s, err := h.s.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return h.notice(w, r, http.StatusOK, s, "survey.public.thanks")
}

// TooMany is the answer to a client over the submission rate limit.
func (h *Pages) TooMany(w http.ResponseWriter, r *http.Request) error {
	return h.notice(w, r, http.StatusTooManyRequests, Survey{}, "survey.public.too_many")
}
