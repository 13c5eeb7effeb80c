package security

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Refusals of a role change; each is a message key.
var (
	ErrOwnRoles      = errors.New("security.own_roles")
	ErrLastSecAdmin  = errors.New("security.last_secadmin")
	ErrNotAdminRole  = errors.New("security.not_admin_role")
	errRoleUnchanged = errors.New("security.role_unchanged")
)

// Unlock is POST /security/users/{id}/unlock.
func (p *Pages) Unlock(w http.ResponseWriter, r *http.Request) error {
	return p.userAction(w, r, "user.unlock", "/security/locked", "security.unlocked",
		func(ctx context.Context, tx *store.Tx, id int64) error {
			_, err := tx.Exec(ctx, `UPDATE users SET locked_until = NULL, failed_logins = 0 WHERE id = ?`, id)
			return err
		})
}

// ResetTOTP is POST /security/users/{id}/reset-totp: the user enrols again at
// next sign-in if their role requires it.
func (p *Pages) ResetTOTP(w http.ResponseWriter, r *http.Request) error {
	return p.userAction(w, r, "totp.reset", "/security/users", "security.totp_reset", auth.ResetSecondFactor)
}

// userAction runs change on an existing user in a transaction with its audit entry.
func (p *Pages) userAction(w http.ResponseWriter, r *http.Request, action, back, flash string,
	change func(ctx context.Context, tx *store.Tx, id int64) error) error {
	ctx := r.Context()
	id, err := userID(r)
	if err != nil {
		return err
	}
	err = p.db.InTx(ctx, func(tx *store.Tx) error {
		var username string
		if err := tx.QueryRow(ctx, `SELECT username FROM users WHERE id = ?`, id).Scan(&username); err != nil {
			return store.NotFound(err, "user")
		}
		if err := change(ctx, tx, id); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		return p.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(id, 10), Action: action,
			After: map[string]any{"username": username}})
	})
	if err != nil {
		return err
	}
	ui.Flash(w, flash)
	return ui.Redirect(w, r, back)
}

// Grant is POST /security/users/{id}/grant (form field role).
func (p *Pages) Grant(w http.ResponseWriter, r *http.Request) error { return p.roleChange(w, r, true) }

// Revoke is POST /security/users/{id}/revoke (form field role).
func (p *Pages) Revoke(w http.ResponseWriter, r *http.Request) error {
	return p.roleChange(w, r, false)
}

func (p *Pages) roleChange(w http.ResponseWriter, r *http.Request, grant bool) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	err = p.changeRole(r.Context(), auth.From(r.Context()), id, auth.Role(r.PostFormValue("role")), grant)
	var key string
	for _, refusal := range []error{auth.ErrRoleConflict, ErrOwnRoles, ErrLastSecAdmin, ErrNotAdminRole, errRoleUnchanged} {
		if errors.Is(err, refusal) {
			key = refusal.Error()
		}
	}
	if key == "" && err != nil {
		return err
	}
	if key != "" {
		return p.renderUsers(w, r, http.StatusUnprocessableEntity, key)
	}
	ui.Flash(w, "security.roles_saved")
	return ui.Redirect(w, r, "/security/users")
}

// changeRole grants or revokes one of the three admin roles, keeping the
// separation of duties, the actor's own roles untouched and at least one
// security admin.
func (p *Pages) changeRole(ctx context.Context, actor *auth.Principal, id int64, role auth.Role, grant bool) error {
	if !role.IsAdmin() {
		return ErrNotAdminRole
	}
	if actor.ID == id {
		return ErrOwnRoles
	}
	return p.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := rolesOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if slices.Contains(before, role) == grant {
			return errRoleUnchanged
		}
		after := slices.DeleteFunc(slices.Clone(before), func(r auth.Role) bool { return r == role })
		if grant {
			after = append(after, role)
		}
		if err := auth.ValidateRoles(after); err != nil {
			return err
		}
		if !grant && role == auth.RoleSecAdmin {
			if err := lastSecAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := writeRole(ctx, tx, id, role, grant); err != nil {
			return err
		}
		action := "role.revoke"
		if grant {
			action = "role.grant"
		}
		return p.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(id, 10), Action: action,
			Before: map[string]any{"roles": before}, After: map[string]any{"roles": after}})
	})
}

func rolesOf(ctx context.Context, tx *store.Tx, id int64) ([]auth.Role, error) {
	var found int64
	if err := store.NotFound(tx.QueryRow(ctx, `SELECT id FROM users WHERE id = ?`, id).Scan(&found), "user"); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, id)
	if err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	defer rows.Close()
	var out []auth.Role
	for rows.Next() {
		var r auth.Role
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// lastSecAdmin refuses to revoke the role from the only enabled security admin.
func lastSecAdmin(ctx context.Context, tx *store.Tx, id int64) error {
	var others int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.role = ? AND r.user_id <> ? AND u.disabled = ?`, auth.RoleSecAdmin, id, false).Scan(&others); err != nil {
		return fmt.Errorf("count security admins: %w", err)
	}
	if others == 0 {
		return ErrLastSecAdmin
	}
	return nil
}

func writeRole(ctx context.Context, tx *store.Tx, id int64, role auth.Role, grant bool) error {
	q := `DELETE FROM user_roles WHERE user_id = ? AND role = ?`
	if grant {
		q = `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`
	}
	if _, err := tx.Exec(ctx, q, id, role); err != nil {
		return fmt.Errorf("write role: %w", err)
	}
	return nil
}
