package survey

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/ui"
)

type listPage struct {
	Surveys []Survey
	Today   string
}

// List is GET /surveys.
func (h *Pages) List(w http.ResponseWriter, r *http.Request) error {
	ss, err := h.s.List(r.Context())
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "survey_list", listPage{Surveys: ss, Today: h.s.today()})
}

type metaPage struct {
	ID        int64 // 0 for a new survey
	Form      Meta
	Campaigns []Campaign
	Err       error
}

// New is GET /surveys/new.
func (h *Pages) New(w http.ResponseWriter, r *http.Request) error {
	return h.metaForm(w, r, http.StatusOK, 0, Meta{Anonymous: true, IPLimit: 20}, nil)
}

func (h *Pages) metaForm(w http.ResponseWriter, r *http.Request, status int, id int64, m Meta, err error) error {
	cs, cerr := campaigns(r.Context(), h.s.db)
	if cerr != nil {
		return cerr
	}
	m.Title, m.Intro, m.CloseOn = clip(m.Title, maxTitle), clip(m.Intro, maxIntro), clip(m.CloseOn, 10)
	return h.ui.Render(w, r, status, "survey_meta", metaPage{ID: id, Form: m, Campaigns: cs, Err: err})
}

func parseMeta(r *http.Request) (Meta, ui.Errors) {
	errs := ui.Errors{}
	m := Meta{Title: r.PostFormValue("title"), Intro: r.PostFormValue("intro"), CloseOn: r.PostFormValue("close_on"),
		Anonymous: r.PostFormValue("anonymous") != "", IPLimit: formInt(r, "ip_limit", 20, errs)}
	if c := strings.TrimSpace(r.PostFormValue("campaign")); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			errs["campaign"] = "survey.err.campaign"
		}
		m.CampaignID = id
	}
	return m, errs
}

// Create is POST /surveys/create.
func (h *Pages) Create(w http.ResponseWriter, r *http.Request) error {
	m, errs := parseMeta(r)
	var err error = errs
	var id int64
	if len(errs) == 0 {
		id, err = h.s.Create(r.Context(), m)
	}
	if ui.IsInvalid(err) {
		return h.metaForm(w, r, http.StatusUnprocessableEntity, 0, m, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "survey.flash.created")
	return ui.Redirect(w, r, surveyPath(id))
}

// EditMeta is GET /surveys/{id}/edit.
func (h *Pages) EditMeta(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	return h.metaForm(w, r, http.StatusOK, s.ID, s.Meta(), nil)
}

// Update is POST /surveys/{id}/update.
func (h *Pages) Update(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	m, errs := parseMeta(r)
	err = errs
	if len(errs) == 0 {
		err = h.s.UpdateMeta(r.Context(), s.ID, m)
	}
	if ui.IsInvalid(err) {
		return h.metaForm(w, r, http.StatusUnprocessableEntity, s.ID, m, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "survey.flash.saved")
	return ui.Redirect(w, r, surveyPath(s.ID))
}

type showPage struct {
	Survey   Survey
	Open     bool
	URL      string // the absolute public address the QR code holds
	Campaign string
	Err      error
}

// Show is GET /surveys/{id}: the questions, the builder's actions and the
// public link with its QR code.
func (h *Pages) Show(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	return h.show(w, r, http.StatusOK, s, nil)
}

func (h *Pages) show(w http.ResponseWriter, r *http.Request, status int, s Survey, err error) error {
	p := showPage{Survey: s, Open: s.Open(h.s.today()), URL: h.absolute(r, s.PublicPath()), Err: err}
	if s.CampaignID != 0 {
		cs, cerr := campaigns(r.Context(), h.s.db)
		if cerr != nil {
			return cerr
		}
		for _, c := range cs {
			if c.ID == s.CampaignID {
				p.Campaign = c.Name
			}
		}
	}
	return h.ui.Render(w, r, status, "survey_show", p)
}

// absolute makes path a full address on the host the office is using, which
// is the address the public reaches too (no separate base URL is configured).
func (h *Pages) absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || h.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// Publish is POST /surveys/{id}/publish.
func (h *Pages) Publish(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, h.s.Publish, "survey.flash.published")
}

// Close is POST /surveys/{id}/close.
func (h *Pages) Close(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, h.s.Close, "survey.flash.closed")
}

func (h *Pages) transition(w http.ResponseWriter, r *http.Request, act func(context.Context, int64) error, flash string) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	err = act(r.Context(), s.ID)
	if ui.IsInvalid(err) || errors.Is(err, ErrState) {
		if errors.Is(err, ErrState) {
			err = ui.Errors{"state": "survey.err.state"}
		}
		return h.show(w, r, http.StatusUnprocessableEntity, s, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, flash)
	return ui.Redirect(w, r, surveyPath(s.ID))
}
