package org

import (
	"net/http"

	"tongchou/internal/auth"
)

type directoryPage struct {
	Units []Unit
	Query string
}

type directoryUnitPage struct {
	Unit    Unit
	Members []Member
}

// Directory is GET /units?q=: the units the viewer may see (通讯录), searched
// by name or pinyin.
func (h *Handler) Directory(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	if len(q) > 200 {
		q = q[:200]
	}
	units, err := h.s.DirectoryUnits(r.Context(), auth.From(r.Context()), q)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_directory", directoryPage{Units: units, Query: q})
}

// DirectoryUnit is GET /units/{id}; a unit outside the viewer's scope is 404.
func (h *Handler) DirectoryUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, members, err := h.s.DirectoryUnit(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_directory_unit", directoryUnitPage{Unit: u, Members: members})
}
