package api

import (
	"net/http"

	"tongchou/internal/auth"
)

type meBody struct {
	ID       int64    `json:"id"`
	Username string   `json:"username"`
	Name     string   `json:"name"`
	UnitID   int64    `json:"unit_id"`
	UnitName string   `json:"unit_name"`
	Units    []int64  `json:"units"`
	Roles    []string `json:"roles"`
}

// Me is GET /api/v1/me: the token's owner, their units and roles.
func (a *API) Me(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	body := meBody{ID: p.ID, Username: p.Username, Name: p.Name, UnitID: p.UnitID, UnitName: p.UnitName, Units: p.Units,
		Roles: []string{}}
	for _, role := range p.Roles {
		body.Roles = append(body.Roles, string(role))
	}
	return JSON(w, http.StatusOK, body)
}
