package appeal

import (
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type settingsPage struct {
	Categories []Category
	Limits     []LimitRow
	Defaults   []LimitRow
	Rules      []Rule
	Units      []Option
	Villages   []Option
	Kinds      []string
	Classes    []string
	Section    string // the form the error belongs to
	Err        error
}

// Settings is GET /appeals/settings: categories, time limits and
// auto-dispatch rules, for the office.
func (h *Pages) Settings(w http.ResponseWriter, r *http.Request) error {
	return h.renderSettings(w, r, http.StatusOK, "", nil)
}

func (h *Pages) renderSettings(w http.ResponseWriter, r *http.Request, status int, section string, formErr error) error {
	ctx := r.Context()
	p := settingsPage{Kinds: LimitKinds, Classes: Classes, Section: section, Err: formErr}
	var err error
	if p.Categories, err = h.s.AllCategories(ctx); err != nil {
		return err
	}
	if p.Limits, err = h.s.Limits(ctx); err != nil {
		return err
	}
	for _, k := range LimitKinds {
		p.Defaults = append(p.Defaults, LimitRow{Kind: k, Limit: DefaultLimits[k]})
	}
	if p.Rules, err = h.s.Rules(ctx); err != nil {
		return err
	}
	if p.Units, err = h.s.Units(ctx); err != nil {
		return err
	}
	if p.Villages, err = h.s.Villages(ctx); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "appeal_settings", p)
}

// settingsDone answers a settings POST: the page again with the error (422),
// or back to the page with a flash.
func (h *Pages) settingsDone(w http.ResponseWriter, r *http.Request, section string, err error) error {
	if ui.IsInvalid(err) {
		return h.renderSettings(w, r, http.StatusUnprocessableEntity, section, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "appeal.flash.saved")
	return ui.Redirect(w, r, "/appeals/settings#"+section)
}

// SaveCategory is POST /appeals/settings/category.
func (h *Pages) SaveCategory(w http.ResponseWriter, r *http.Request) error {
	seq, err := strconv.Atoi(r.PostFormValue("seq"))
	if err != nil {
		seq = -1
	}
	c := Category{ID: posInt(r.PostFormValue("id")), Name: r.PostFormValue("name"), NameEn: r.PostFormValue("name_en"),
		Class: r.PostFormValue("class"), Seq: seq, Active: r.PostFormValue("active") == "1"}
	return h.settingsDone(w, r, "categories", h.s.SaveCategory(r.Context(), auth.From(r.Context()), c))
}

// SaveLimit is POST /appeals/settings/limit.
func (h *Pages) SaveLimit(w http.ResponseWriter, r *http.Request) error {
	amount, err := strconv.Atoi(r.PostFormValue("amount"))
	if err != nil {
		amount = -1
	}
	l := Limit{Unit: r.PostFormValue("unit"), Amount: amount}
	err = h.s.SaveLimit(r.Context(), auth.From(r.Context()), r.PostFormValue("kind"), posInt(r.PostFormValue("category")), l)
	return h.settingsDone(w, r, "limits", err)
}

// AddRule is POST /appeals/settings/rule.
func (h *Pages) AddRule(w http.ResponseWriter, r *http.Request) error {
	err := h.s.AddRule(r.Context(), auth.From(r.Context()), posInt(r.PostFormValue("category")),
		posInt(r.PostFormValue("region")), posInt(r.PostFormValue("unit")))
	return h.settingsDone(w, r, "rules", err)
}

// SwitchRule is POST /appeals/settings/rule/{id}/switch.
func (h *Pages) SwitchRule(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	err = h.s.SetRuleActive(r.Context(), auth.From(r.Context()), id, r.PostFormValue("active") == "1")
	return h.settingsDone(w, r, "rules", err)
}
