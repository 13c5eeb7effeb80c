package auth

import (
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

type tokensPage struct {
	Tokens []Token
	Secret string // shown once, right after creation
	Name   string
	Days   string
	Err    error
}

// TokensPage is GET /account/tokens: the user's personal API tokens.
func (s *Service) TokensPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderTokens(w, r, http.StatusOK, tokensPage{Days: "90"})
}

func (s *Service) renderTokens(w http.ResponseWriter, r *http.Request, status int, page tokensPage) error {
	tokens, err := s.Tokens(r.Context(), From(r.Context()))
	if err != nil {
		return err
	}
	page.Tokens = tokens
	return s.ui.Render(w, r, status, "account_tokens", page)
}

// TokenCreate is POST /account/tokens.
func (s *Service) TokenCreate(w http.ResponseWriter, r *http.Request) error {
	page := tokensPage{Name: r.PostFormValue("name"), Days: strings.TrimSpace(r.PostFormValue("days"))}
	days, err := strconv.Atoi(page.Days)
	if err != nil {
		page.Err = ui.Errors{"days": "api.token_days"}
		return s.renderTokens(w, r, http.StatusUnprocessableEntity, page)
	}
	secret, err := s.CreateToken(r.Context(), From(r.Context()), page.Name, days)
	if ui.IsInvalid(err) {
		page.Err = err
		return s.renderTokens(w, r, http.StatusUnprocessableEntity, page)
	}
	if err != nil {
		return err
	}
	return s.renderTokens(w, r, http.StatusOK, tokensPage{Secret: secret, Days: "90"})
}

// TokenRevoke is POST /account/tokens/{id}/revoke.
func (s *Service) TokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	if err := s.RevokeToken(r.Context(), From(r.Context()), id); err != nil {
		return err
	}
	ui.Flash(w, "api.token_revoked")
	return ui.Redirect(w, r, "/account/tokens")
}
