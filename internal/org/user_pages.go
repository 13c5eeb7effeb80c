package org

import (
	"net/http"

	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type usersPage struct {
	Users []User
}

// UsersList is GET /admin/users; phones are shown masked.
func (h *Handler) UsersList(w http.ResponseWriter, r *http.Request) error {
	us, err := h.s.Users(r.Context())
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_users", usersPage{Users: us})
}

type userFormPage struct {
	User     User // the stored account on edit (ID 0 when new)
	Form     UserInput
	Units    []Unit
	Roles    []auth.Role
	Stations []Region
	Err      error
}

// HasRole reports whether the form holds role r (for the template).
func (p userFormPage) HasRole(r auth.Role) bool {
	for _, x := range p.Form.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// HasUnit reports whether id is one of the form's extra units.
func (p userFormPage) HasUnit(id int64) bool {
	for _, x := range p.Form.ExtraUnits {
		if x == id {
			return true
		}
	}
	return false
}

func (h *Handler) userForm(w http.ResponseWriter, r *http.Request, status int, p userFormPage) error {
	var err error
	if p.Units, err = h.s.Units(r.Context()); err != nil {
		return err
	}
	if p.Stations, err = h.s.RegionsAt(r.Context(), LevelTown, LevelTownship, LevelSubdistrict); err != nil {
		return err
	}
	p.Roles = BusinessRoles
	p.Form.Name, p.Form.Position, p.Form.Username = clip(p.Form.Name), clip(p.Form.Position), clip(p.Form.Username)
	p.Form.Phone, p.Form.Email = clip(p.Form.Phone), clip(p.Form.Email)
	return h.ui.Render(w, r, status, "org_user_form", p)
}

// UserNew is GET /admin/users/new.
func (h *Handler) UserNew(w http.ResponseWriter, r *http.Request) error {
	return h.userForm(w, r, http.StatusOK, userFormPage{})
}

func parseUser(r *http.Request) (UserInput, ui.Errors) {
	errs := ui.Errors{}
	in := UserInput{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"), Position: r.PostFormValue("position"),
		Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), UnitID: formID(r, "unit", errs), StationID: formID(r, "station", errs),
		ExtraUnits: formIDs(r, "extra_units", errs)}
	for _, v := range r.PostForm["roles"] {
		in.Roles = append(in.Roles, auth.Role(strings.TrimSpace(v)))
	}
	return in, errs
}

type userCreatedPage struct {
	User     User
	Password string
}

// UserCreate is POST /admin/users/create. The one-time password is shown on
// the answer to this request only; it is never stored in clear.
func (h *Handler) UserCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	in, errs := parseUser(r)
	var err error = errs
	var id int64
	var pw string
	if len(errs) == 0 {
		id, pw, err = h.s.CreateUser(r.Context(), in)
	}
	if invalid(err) {
		return h.userForm(w, r, http.StatusUnprocessableEntity, userFormPage{Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	u, err := h.s.User(r.Context(), id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_user_created", userCreatedPage{User: u, Password: pw})
}

// UserEdit is GET /admin/users/{id}.
func (h *Handler) UserEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := h.s.User(r.Context(), id)
	if err != nil {
		return err
	}
	in := UserInput{Username: u.Username, Name: u.Name, UnitID: u.UnitID, ExtraUnits: u.ExtraUnits, Position: u.Position,
		StationID: u.StationID, Email: u.Email}
	for _, role := range u.Roles {
		if !role.IsAdmin() {
			in.Roles = append(in.Roles, role)
		}
	}
	return h.userForm(w, r, http.StatusOK, userFormPage{User: u, Form: in})
}

// UserUpdate is POST /admin/users/{id}/update.
func (h *Handler) UserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := h.s.User(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	in, errs := parseUser(r)
	in.Username = u.Username
	err = errs
	if len(errs) == 0 {
		err = h.s.UpdateUser(r.Context(), id, in)
	}
	if invalid(err) {
		return h.userForm(w, r, http.StatusUnprocessableEntity, userFormPage{User: u, Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "org.flash.saved")
	return ui.Redirect(w, r, "/admin/users")
}

// UserDisable is POST /admin/users/{id}/disable.
func (h *Handler) UserDisable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, true)
}

// UserEnable is POST /admin/users/{id}/enable.
func (h *Handler) UserEnable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, false)
}

func (h *Handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = h.s.SetDisabled(r.Context(), auth.From(r.Context()).ID, id, disabled)
	if invalid(err) {
		ui.Flash(w, ui.AsErrors(err)["disabled"])
		return ui.Redirect(w, r, "/admin/users")
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "org.flash.saved")
	return ui.Redirect(w, r, "/admin/users")
}
