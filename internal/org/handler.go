package org

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Handler serves the system administrator's pages for regions, units, users
// and the Excel import. Routes are mounted with the sysadmin role only.
type Handler struct {
	s  *Store
	ui *ui.UI
}

// NewHandler returns the admin pages over s.
func NewHandler(s *Store, u *ui.UI) *Handler { return &Handler{s: s, ui: u} }

// pathID reads the {id} path value; a malformed id is simply not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("id %q: %w", r.PathValue("id"), store.ErrNotFound)
	}
	return id, nil
}

// formID reads an optional id field; text that is not an id is a form error.
func formID(r *http.Request, field string, errs ui.Errors) int64 {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		errs[field] = "form.invalid"
		return 0
	}
	return id
}

// formIDs reads a multi-valued id field.
func formIDs(r *http.Request, field string, errs ui.Errors) []int64 {
	var out []int64
	for _, v := range r.PostForm[field] {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 {
			errs[field] = "form.invalid"
			continue
		}
		out = append(out, id)
	}
	return out
}

// invalid reports whether err is a form error to show beside the fields.
func invalid(err error) bool { return ui.IsInvalid(err) }
