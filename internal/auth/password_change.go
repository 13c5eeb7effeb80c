package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// maxPasswordBytes bounds what is hashed, so a megabyte "password" costs nothing.
const maxPasswordBytes = 512

type passwordPage struct {
	Forced bool
	Err    error
}

// PasswordForm is GET /account/password.
func (s *Service) PasswordForm(w http.ResponseWriter, r *http.Request) error {
	return s.ui.Render(w, r, http.StatusOK, "account_password", passwordPage{Forced: From(r.Context()).MustChange})
}

// PasswordChange is POST /account/password: the current password, then a new
// one that meets the policy, typed twice, and is none of the last three.
func (s *Service) PasswordChange(w http.ResponseWriter, r *http.Request) error {
	p := From(r.Context())
	err := s.changePassword(r, p, r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("repeat"))
	if errors.Is(err, ErrLocked) {
		// Guessing the current password from a live session locks the account too.
		if err := s.Sessions.Destroy(r.Context()); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		ui.Flash(w, ErrLocked.Error())
		return ui.Redirect(w, r, "/login")
	}
	if ui.IsInvalid(err) {
		return s.ui.Render(w, r, http.StatusUnprocessableEntity, "account_password", passwordPage{Forced: p.MustChange, Err: err})
	}
	if err != nil {
		return err
	}
	if err := s.Sessions.RenewToken(r.Context()); err != nil {
		return fmt.Errorf("renew session: %w", err)
	}
	ui.Flash(w, "password.changed")
	if p.MustChange {
		return ui.Redirect(w, r, "/")
	}
	return ui.Redirect(w, r, "/account")
}

// changePassword validates and stores the new password; form problems come
// back as ui.Errors.
func (s *Service) changePassword(r *http.Request, p *Principal, current, next, repeat string) error {
	ctx := r.Context()
	errs := ui.Errors{}
	switch {
	case current == "":
		errs["current"] = "form.required"
	case len(current) > maxPasswordBytes:
		errs["current"] = "password.wrong_current"
	}
	if len(next) > maxPasswordBytes {
		errs["new"] = ErrPasswordLong.Error()
	} else if err := CheckPolicy(next); err != nil {
		errs["new"] = err.Error()
	}
	if repeat != next {
		errs["repeat"] = "password.mismatch"
	}
	if len(errs) > 0 {
		return errs
	}
	var hash string
	if err := s.db.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, p.ID).Scan(&hash); err != nil {
		return fmt.Errorf("read password: %w", err)
	}
	if !CheckPassword(hash, current) {
		if err := s.countFailure(ctx, p.ID, p.Username, ClientIP(r), "wrong current password"); errors.Is(err, ErrLocked) {
			return err
		}
		return ui.Errors{"current": "password.wrong_current"}
	}
	recent, err := s.recentHashes(ctx, p.ID, hash)
	if err != nil {
		return err
	}
	for _, h := range recent {
		if CheckPassword(h, next) {
			return ui.Errors{"new": ErrPasswordReused.Error()}
		}
	}
	return s.storePassword(ctx, p, hash, next)
}

// recentHashes returns the current hash and the previous ones, as many as the
// policy's history depth counts (the current password is one of them).
func (s *Service) recentHashes(ctx context.Context, uid int64, current string) ([]string, error) {
	policy, err := LoadPolicy(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := []string{current}
	rows, err := s.db.Query(ctx, `SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?`,
		uid, max(policy.HistoryDepth-1, 0))
	if err != nil {
		return nil, fmt.Errorf("read password history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// storePassword moves the old hash into the history and sets the new one;
// the audit entry says what changed, never a hash.
func (s *Service) storePassword(ctx context.Context, p *Principal, oldHash, pw string) error {
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)`,
			p.ID, oldHash, now); err != nil {
			return fmt.Errorf("keep password history: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, must_change = ?, updated_at = ?
			WHERE id = ?`, hash, now, false, now, p.ID); err != nil {
			return fmt.Errorf("store password: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(p.ID, 10), Action: "password.change",
			Before: map[string]any{"must_change": p.MustChange}, After: map[string]any{"must_change": false, "password_changed_at": now}})
	})
}
