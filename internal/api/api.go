// Package api is the JSON interface under /api/v1: personal-token
// authentication, JSON errors and the OpenAPI document. Features add their
// endpoints with Handle and describe them in openapi.json.
package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// HandlerFunc is an API handler that returns its error.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// errorBody is every error's JSON shape.
type errorBody struct {
	Error   string            `json:"error"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// API authenticates requests by bearer token and writes JSON.
type API struct {
	auth *auth.Service
	ui   *ui.UI
}

// New returns the API over the auth service; u gives the messages.
func New(s *auth.Service, u *ui.UI) *API { return &API{auth: s, ui: u} }

// Handle wraps h: the caller must present a valid personal token
// (Authorization: Bearer tc_…); the token's owner becomes the principal with
// the same data scope as on the pages.
func (a *API) Handle(h HandlerFunc, roles ...auth.Role) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		p, err := a.auth.PrincipalForToken(r.Context(), strings.TrimSpace(secret))
		if !ok || err != nil {
			if err != nil && !errors.Is(err, auth.ErrBadToken) {
				a.writeError(w, r, err)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="tongchou"`)
			a.write(w, r, http.StatusUnauthorized, "unauthorized", "api.bad_token", nil)
			return
		}
		ctx := auth.WithPrincipal(r.Context(), p)
		ctx = audit.WithActor(ctx, audit.Actor{ID: p.ID, Name: p.Username + " (api)", IP: auth.ClientIP(r)})
		r = r.WithContext(ctx)
		if len(roles) > 0 && !p.HasAny(roles...) {
			a.writeError(w, r, ui.ErrForbidden)
			return
		}
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// JSON writes v with status.
func JSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		status = http.StatusInternalServerError
		code   = "internal"
		key    = "error.500"
		fields map[string]string
	)
	switch {
	case ui.IsInvalid(err):
		status, code, key = http.StatusUnprocessableEntity, "invalid", "form.has_errors"
		fields = map[string]string{}
		for f, k := range ui.AsErrors(err) {
			fields[f] = a.ui.Catalog.T(ui.Lang(r), k)
		}
	case errors.Is(err, store.ErrNotFound):
		status, code, key = http.StatusNotFound, "not_found", "error.404"
	case errors.Is(err, ui.ErrForbidden):
		status, code, key = http.StatusForbidden, "forbidden", "error.403"
	case errors.Is(err, store.ErrConflict):
		status, code, key = http.StatusConflict, "conflict", "error.409"
	case errors.Is(err, ui.ErrBadRequest):
		status, code, key = http.StatusBadRequest, "bad_request", "error.400"
	default:
		slog.ErrorContext(r.Context(), "api request failed", "path", r.URL.Path, "err", err)
	}
	a.write(w, r, status, code, key, fields)
}

func (a *API) write(w http.ResponseWriter, r *http.Request, status int, code, key string, fields map[string]string) {
	JSON(w, status, errorBody{Error: code, Message: a.ui.Catalog.T(apiLang(r), key), Fields: fields})
}

// apiLang is the language of API messages: Accept-Language, zh-CN by default.
func apiLang(r *http.Request) string {
	if al := r.Header.Get("Accept-Language"); al != "" {
		return ui.NormalizeLang(al)
	}
	return ui.Lang(r)
}
