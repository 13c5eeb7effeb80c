package auth

import (
	"fmt"
	"net/http"
	"time"

	"tongchou/internal/ui"
)

type accountPage struct {
	Name, Username, Unit, Lang string
	Roles                      []string // message keys
	TOTP                       bool
	MFARequired                bool
	RecoveryLeft               int
	PasswordChanged            time.Time
}

// Account is GET /account: who the user is and their security settings.
func (s *Service) Account(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := From(ctx)
	policy, err := LoadPolicy(ctx, s.db)
	if err != nil {
		return err
	}
	page := accountPage{Name: p.Name, Username: p.Username, Unit: p.UnitName, Lang: ui.NormalizeLang(p.Lang),
		TOTP: p.TOTP, MFARequired: policy.RequiresMFA(p.Roles)}
	for _, role := range p.Roles {
		page.Roles = append(page.Roles, "role."+string(role))
	}
	var changed *time.Time
	if err := s.db.QueryRow(ctx, `SELECT password_changed_at FROM users WHERE id = ?`, p.ID).Scan(&changed); err != nil {
		return fmt.Errorf("read account: %w", err)
	}
	if changed != nil {
		page.PasswordChanged = *changed
	}
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, p.ID).
		Scan(&page.RecoveryLeft); err != nil {
		return fmt.Errorf("count recovery codes: %w", err)
	}
	return s.ui.Render(w, r, http.StatusOK, "account", page)
}

// TOTPEnrolForm is GET /account/totp for a signed-in user.
func (s *Service) TOTPEnrolForm(w http.ResponseWriter, r *http.Request) error {
	return s.totpEnrolForm(w, r)
}

// TOTPEnrolConfirm is POST /account/totp for a signed-in user.
func (s *Service) TOTPEnrolConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.totpEnrolConfirm(w, r)
}
