package org

import (
	"net/http"
	"strconv"

	"tongchou/internal/ui"
)

type unitsPage struct {
	Units []Unit
}

// UnitsList is GET /admin/units.
func (h *Handler) UnitsList(w http.ResponseWriter, r *http.Request) error {
	us, err := h.s.Units(r.Context())
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_units", unitsPage{Units: us})
}

type unitFormPage struct {
	ID      int64
	Form    UnitInput
	Active  bool
	Kinds   []Kind
	Units   []Unit
	Regions []Region
	Err     error
}

func (h *Handler) unitForm(w http.ResponseWriter, r *http.Request, status int, p unitFormPage) error {
	var err error
	if p.Units, err = h.s.Units(r.Context()); err != nil {
		return err
	}
	if p.Regions, err = h.s.RegionsAt(r.Context(), Levels...); err != nil {
		return err
	}
	p.Kinds = Kinds
	p.Form.Name, p.Form.ShortName = clip(p.Form.Name), clip(p.Form.ShortName)
	return h.ui.Render(w, r, status, "org_unit_form", p)
}

// UnitNew is GET /admin/units/new.
func (h *Handler) UnitNew(w http.ResponseWriter, r *http.Request) error {
	return h.unitForm(w, r, http.StatusOK, unitFormPage{Form: UnitInput{Kind: KindDepartment}, Active: true})
}

func parseUnit(r *http.Request) (UnitInput, ui.Errors) {
	errs := ui.Errors{}
	in := UnitInput{Name: r.PostFormValue("name"), ShortName: r.PostFormValue("short_name"), Kind: Kind(r.PostFormValue("kind")),
		ParentID: formID(r, "parent", errs), RegionID: formID(r, "region", errs)}
	return in, errs
}

// UnitCreate is POST /admin/units/create.
func (h *Handler) UnitCreate(w http.ResponseWriter, r *http.Request) error {
	in, errs := parseUnit(r)
	var err error = errs
	var id int64
	if len(errs) == 0 {
		id, err = h.s.CreateUnit(r.Context(), in)
	}
	if invalid(err) {
		return h.unitForm(w, r, http.StatusUnprocessableEntity, unitFormPage{Form: in, Active: true, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "org.flash.saved")
	return ui.Redirect(w, r, "/admin/units/"+strconv.FormatInt(id, 10))
}

// UnitEdit is GET /admin/units/{id}.
func (h *Handler) UnitEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := h.s.Unit(r.Context(), id)
	if err != nil {
		return err
	}
	in := UnitInput{Name: u.Name, ShortName: u.ShortName, Kind: u.Kind, ParentID: u.ParentID, RegionID: u.RegionID}
	return h.unitForm(w, r, http.StatusOK, unitFormPage{ID: id, Form: in, Active: u.Active})
}

// UnitUpdate is POST /admin/units/{id}/update.
func (h *Handler) UnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.s.Unit(r.Context(), id); err != nil {
		return err
	}
	in, errs := parseUnit(r)
	active := r.PostFormValue("active") == "1"
	err = errs
	if len(errs) == 0 {
		err = h.s.UpdateUnit(r.Context(), id, in, active)
	}
	if invalid(err) {
		return h.unitForm(w, r, http.StatusUnprocessableEntity, unitFormPage{ID: id, Form: in, Active: active, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "org.flash.saved")
	return ui.Redirect(w, r, "/admin/units")
}
