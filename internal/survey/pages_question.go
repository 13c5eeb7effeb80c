package survey

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// RuleChoice is one "show only if" the builder offers: an earlier choice
// question's option.
type RuleChoice struct {
	Value string // "q1:2"
	Label string
}

type questionPage struct {
	Survey  Survey
	Form    Question
	Options string // one option per line
	Rows    string
	Min     string
	Max     string
	Rule    string
	Rules   []RuleChoice
	Types   []Type
	Err     error
}

// NewQuestion is GET /surveys/{id}/questions/new.
func (h *Pages) NewQuestion(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	if !s.Editable() {
		return ErrState
	}
	return h.questionForm(w, r, http.StatusOK, s, Question{Type: Single, Scale: 5}, nil)
}

// EditQuestion is GET /surveys/{id}/questions/{key}.
func (h *Pages) EditQuestion(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	q, ok := s.Question(r.PathValue("key"))
	if !ok {
		return store.ErrNotFound
	}
	return h.questionForm(w, r, http.StatusOK, s, q, nil)
}

func (h *Pages) questionForm(w http.ResponseWriter, r *http.Request, status int, s Survey, q Question, err error) error {
	p := questionPage{Survey: s, Form: q, Types: Types, Err: err,
		Options: clip(strings.Join(q.Options, "\n"), 5000), Rows: clip(strings.Join(q.Rows, "\n"), 5000)}
	p.Form.Title = clip(q.Title, maxTitle)
	if q.Min != nil {
		p.Min = strconv.FormatFloat(*q.Min, 'f', -1, 64)
	}
	if q.Max != nil {
		p.Max = strconv.FormatFloat(*q.Max, 'f', -1, 64)
	}
	if q.ShowIf != nil {
		p.Rule = q.ShowIf.Question + ":" + strconv.Itoa(q.ShowIf.Option)
	}
	// Only questions before this one can decide whether it shows.
	for i, t := range s.Questions {
		if t.Key == q.Key {
			break
		}
		if t.Type != Single && t.Type != Multi {
			continue
		}
		for j, o := range t.Options {
			p.Rules = append(p.Rules, RuleChoice{Value: t.Key + ":" + strconv.Itoa(j+1),
				Label: strconv.Itoa(i+1) + ". " + clip(t.Title, 30) + " = " + o})
		}
	}
	return h.ui.Render(w, r, status, "survey_question", p)
}

func parseQuestion(r *http.Request) (Question, ui.Errors) {
	errs := ui.Errors{}
	q := Question{Type: Type(r.PostFormValue("type")), Title: r.PostFormValue("title"),
		Required: r.PostFormValue("required") != "",
		Options:  strings.Split(r.PostFormValue("options"), "\n"), Rows: strings.Split(r.PostFormValue("rows"), "\n"),
		Scale: formInt(r, "scale", 5, errs), Min: formFloat(r, "min", errs), Max: formFloat(r, "max", errs)}
	if v := r.PostFormValue("show_if"); v != "" {
		key, opt, ok := strings.Cut(v, ":")
		n, err := strconv.Atoi(opt)
		if !ok || err != nil {
			errs["show_if"] = "survey.err.show_if_option"
		}
		q.ShowIf = &ShowRule{Question: key, Option: n}
	}
	return q, errs
}

// CreateQuestion is POST /surveys/{id}/questions.
func (h *Pages) CreateQuestion(w http.ResponseWriter, r *http.Request) error {
	return h.saveQuestion(w, r, "")
}

// UpdateQuestion is POST /surveys/{id}/questions/{key}/update.
func (h *Pages) UpdateQuestion(w http.ResponseWriter, r *http.Request) error {
	return h.saveQuestion(w, r, r.PathValue("key"))
}

func (h *Pages) saveQuestion(w http.ResponseWriter, r *http.Request, key string) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	if _, ok := s.Question(key); key != "" && !ok {
		return store.ErrNotFound
	}
	q, errs := parseQuestion(r)
	q.Key = key
	err = errs
	if len(errs) == 0 {
		_, err = h.s.SaveQuestion(r.Context(), s.ID, q)
	}
	if errors.Is(err, ErrState) {
		return err
	}
	if ui.IsInvalid(err) {
		q.normalize()
		return h.questionForm(w, r, http.StatusUnprocessableEntity, s, q, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "survey.flash.saved")
	return ui.Redirect(w, r, surveyPath(s.ID))
}

// DeleteQuestion is POST /surveys/{id}/questions/{key}/delete.
func (h *Pages) DeleteQuestion(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	if err := h.s.DeleteQuestion(r.Context(), s.ID, r.PathValue("key")); err != nil {
		return err
	}
	ui.Flash(w, "survey.flash.saved")
	return ui.Redirect(w, r, surveyPath(s.ID))
}

// MoveQuestion is POST /surveys/{id}/questions/{key}/move (dir=up|down).
func (h *Pages) MoveQuestion(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	err = h.s.MoveQuestion(r.Context(), s.ID, r.PathValue("key"), r.PostFormValue("dir") == "up")
	if ui.IsInvalid(err) {
		return h.show(w, r, http.StatusUnprocessableEntity, s, err)
	}
	if err != nil {
		return err
	}
	return ui.Redirect(w, r, surveyPath(s.ID))
}
