package auth

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/pquerna/otp"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// keyTOTPNew holds the sealed otpauth URL of an enrolment not yet confirmed,
// so a re-rendered form shows the same secret.
const keyTOTPNew = "totp_new"

type totpEnrolPage struct {
	Action string // where the confirm form posts
	Secret string
	QR     template.URL
	Err    error
}

type recoveryPage struct {
	Codes    []string
	Continue string
}

// enrollee is the user enrolling: the signed-in user, or the user half-way
// through sign-in whose role requires a second factor (pending is then true).
func (s *Service) enrollee(r *http.Request) (uid int64, username string, pending bool, err error) {
	if p := From(r.Context()); p != nil {
		return p.ID, p.Username, false, nil
	}
	uid = s.pendingUser(r)
	if uid == 0 {
		return 0, "", false, ui.ErrForbidden
	}
	err = s.db.QueryRow(r.Context(), `SELECT username FROM users WHERE id = ?`, uid).Scan(&username)
	return uid, username, true, store.NotFound(err, "user")
}

// totpEnrolForm is GET /account/totp (signed in) and GET /login/totp/enrol
// (during sign-in): the secret as text and as a QR code.
func (s *Service) totpEnrolForm(w http.ResponseWriter, r *http.Request) error {
	uid, username, pending, err := s.enrollee(r)
	if err != nil {
		return err
	}
	if enabled, err := s.totpEnabled(r, uid); err != nil || enabled {
		if err != nil {
			return err
		}
		// Re-enrolling would let a password alone replace the factor.
		if pending {
			return ui.Redirect(w, r, "/login/totp")
		}
		return ui.Redirect(w, r, "/account")
	}
	key, err := s.pendingKey(r, username)
	if err != nil {
		return err
	}
	return s.renderEnrol(w, r, http.StatusOK, key, pending, nil)
}

// totpEnrolConfirm is the POST of either form: a valid code turns the factor
// on and shows the recovery codes once.
func (s *Service) totpEnrolConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	uid, username, pending, err := s.enrollee(r)
	if err != nil {
		return err
	}
	if enabled, err := s.totpEnabled(r, uid); err != nil || enabled {
		if err != nil {
			return err
		}
		return ui.Redirect(w, r, "/account")
	}
	if pending {
		r = withActor(r, uid, username)
	}
	key, err := s.pendingKey(r, username)
	if err != nil {
		return err
	}
	step := matchTOTP(key.Secret(), r.PostFormValue("code"), s.now())
	if step == 0 {
		return s.renderEnrol(w, r, http.StatusUnprocessableEntity, key, pending, ui.Errors{"code": "totp.bad_code"})
	}
	codes, err := s.enableTOTP(r, uid, key.Secret(), step)
	if errors.Is(err, store.ErrConflict) {
		return ui.Redirect(w, r, "/account")
	}
	if err != nil {
		return err
	}
	s.Sessions.Remove(ctx, keyTOTPNew)
	next := "/account"
	if pending {
		if next, err = s.finishSignIn(r, uid, username, "totp enrolled"); err != nil {
			return err
		}
	}
	return s.ui.Render(w, r, http.StatusOK, "account_recovery", recoveryPage{Codes: codes, Continue: next})
}

// withActor names the half-signed-in user as the actor of what they change,
// since the middleware only does that after a complete sign-in.
func withActor(r *http.Request, uid int64, username string) *http.Request {
	return r.WithContext(audit.WithActor(r.Context(), audit.Actor{ID: uid, Name: username, IP: ClientIP(r)}))
}

func (s *Service) totpEnabled(r *http.Request, uid int64) (bool, error) {
	var enabled bool
	err := s.db.QueryRow(r.Context(), `SELECT totp_enabled FROM users WHERE id = ?`, uid).Scan(&enabled)
	if err != nil {
		return false, fmt.Errorf("read totp state: %w", err)
	}
	return enabled, nil
}

// pendingKey returns the key being enrolled, creating it on first use.
func (s *Service) pendingKey(r *http.Request, username string) (*otp.Key, error) {
	if sealed := s.Sessions.GetString(r.Context(), keyTOTPNew); sealed != "" {
		if u, err := s.suite.Open(sealed); err == nil {
			if k, err := otp.NewKeyFromURL(string(u)); err == nil && k.AccountName() == username {
				return k, nil
			}
		}
	}
	k, err := newTOTPKey(username)
	if err != nil {
		return nil, err
	}
	sealed, err := s.suite.Seal([]byte(k.URL()))
	if err != nil {
		return nil, fmt.Errorf("seal totp key: %w", err)
	}
	s.Sessions.Put(r.Context(), keyTOTPNew, sealed)
	return k, nil
}

func (s *Service) renderEnrol(w http.ResponseWriter, r *http.Request, status int, key *otp.Key, pending bool, formErr error) error {
	qr, err := qrDataURL(key)
	if err != nil {
		return err
	}
	page := totpEnrolPage{Action: "/account/totp", Secret: key.Secret(), QR: qr, Err: formErr}
	if pending {
		page.Action = "/login/totp/enrol"
	}
	return s.ui.Render(w, r, status, "account_totp", page)
}

// enableTOTP stores the sealed secret and fresh recovery codes (hashes only)
// and audits the enrolment without any secret in it.
func (s *Service) enableTOTP(r *http.Request, uid int64, secret string, step int64) ([]string, error) {
	ctx := r.Context()
	sealed, err := s.suite.Seal([]byte(secret))
	if err != nil {
		return nil, fmt.Errorf("seal totp secret: %w", err)
	}
	codes := newRecoveryCodes()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE users SET totp_secret_enc = ?, totp_enabled = ?, totp_last_step = ?, updated_at = ?
			WHERE id = ? AND totp_enabled = ?`, sealed, true, step, s.now().UTC(), uid, false)
		if err != nil {
			return fmt.Errorf("enable totp: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.ErrConflict // enrolled meanwhile in another tab
		}
		if err := s.storeRecoveryCodes(ctx, tx, uid, codes); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(uid, 10), Action: "totp.enrol",
			Before: map[string]any{"totp_enabled": false}, After: map[string]any{"totp_enabled": true, "recovery_codes": len(codes)}})
	})
	return codes, err
}
