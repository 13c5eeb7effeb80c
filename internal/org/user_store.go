package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// CreateUser adds an account with a generated one-time password, which it
// returns to be shown once; the user must change it at first sign-in.
func (s *Store) CreateUser(ctx context.Context, in UserInput) (int64, string, error) {
	var id int64
	var pw string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, pw, err = s.CreateUserIn(ctx, tx, in)
		return err
	})
	return id, pw, err
}

// CreateUserIn is CreateUser inside the caller's transaction.
func (s *Store) CreateUserIn(ctx context.Context, tx *store.Tx, in UserInput) (int64, string, error) {
	errs := in.validate(true)
	if err := checkUnits(ctx, tx, in, errs); err != nil {
		return 0, "", err
	}
	if errs["username"] == "" {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, in.Username).Scan(&n); err != nil {
			return 0, "", fmt.Errorf("check username: %w", err)
		}
		if n > 0 {
			errs["username"] = "org.err.username_taken"
		}
	}
	if len(errs) > 0 {
		return 0, "", errs
	}
	pw := auth.GeneratePassword()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return 0, "", err
	}
	enc, err := s.sealPhone(in.Phone)
	if err != nil {
		return 0, "", err
	}
	now := s.now().UTC()
	id, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, position, phone_enc, phone_mask,
		password_hash, must_change, created_at, updated_at, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Username, in.Name, in.UnitID, in.Position, enc, maskPhone(in.Phone), hash, true, now, now, in.Email)
	if err != nil {
		return 0, "", fmt.Errorf("insert user: %w", err)
	}
	if err := writeLinks(ctx, tx, id, in, in.Roles); err != nil {
		return 0, "", err
	}
	return id, pw, s.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(id, 10), Action: "create",
		After: auditView(in, in.Roles, false)})
}

func (s *Store) sealPhone(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	enc, err := s.suite.Seal([]byte(p))
	if err != nil {
		return "", fmt.Errorf("seal phone: %w", err)
	}
	return enc, nil
}

func auditView(in UserInput, roles []auth.Role, disabled bool) userAudit {
	return userAudit{Username: in.Username, Name: audit.MaskName(in.Name), UnitID: in.UnitID, ExtraUnits: in.ExtraUnits,
		Roles: roles, Position: in.Position, Phone: audit.MaskPhone(in.Phone), Email: audit.MaskEmail(in.Email), Disabled: disabled}
}

// writeLinks replaces the user's roles, extra units and station.
func writeLinks(ctx context.Context, tx *store.Tx, id int64, in UserInput, roles []auth.Role) error {
	for _, q := range []string{`DELETE FROM user_roles WHERE user_id = ?`, `DELETE FROM user_units WHERE user_id = ?`,
		`DELETE FROM user_stations WHERE user_id = ?`} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("clear user links: %w", err)
		}
	}
	for _, r := range dedupe(roles) {
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, r); err != nil {
			return fmt.Errorf("grant role: %w", err)
		}
	}
	for _, u := range dedupe(in.ExtraUnits) {
		if u == in.UnitID || u == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)`, id, u); err != nil {
			return fmt.Errorf("add extra unit: %w", err)
		}
	}
	if in.StationID != 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO user_stations (user_id, region_id) VALUES (?, ?)`, id, in.StationID); err != nil {
			return fmt.Errorf("station user: %w", err)
		}
	}
	return nil
}

func dedupe[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// UpdateUser changes an account. The business roles are replaced by in.Roles;
// admin roles the account holds are kept, since only the security
// administrator grants and revokes them. An empty phone keeps the stored one.
func (s *Store) UpdateUser(ctx context.Context, id int64, in UserInput) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := userByID(ctx, tx, id)
		if err != nil {
			return err
		}
		in.Username = before.Username
		errs := in.validate(false)
		if err := checkUnits(ctx, tx, in, errs); err != nil {
			return err
		}
		roles := slices.Clone(in.Roles)
		for _, r := range before.Roles {
			if r.IsAdmin() {
				roles = append(roles, r)
			}
		}
		if errs["roles"] == "" {
			if err := auth.ValidateRoles(roles); errors.Is(err, auth.ErrRoleConflict) {
				errs["roles"] = "org.err.role_conflict"
			}
		}
		if len(errs) > 0 {
			return errs
		}
		if err := s.updatePhone(ctx, tx, id, in.Phone); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET name = ?, unit_id = ?, position = ?, email = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.UnitID, in.Position, in.Email, s.now().UTC(), id); err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if err := writeLinks(ctx, tx, id, in, roles); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(id, 10), Action: "update",
			Before: before.auditView(), After: auditView(in, roles, before.Disabled)})
	})
}

func (s *Store) updatePhone(ctx context.Context, tx *store.Tx, id int64, phone string) error {
	if phone == "" {
		return nil
	}
	enc, err := s.sealPhone(phone)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE users SET phone_enc = ?, phone_mask = ? WHERE id = ?`, enc, maskPhone(phone), id)
	return err
}

func (u User) auditView() userAudit {
	return userAudit{Username: u.Username, Name: audit.MaskName(u.Name), UnitID: u.UnitID, ExtraUnits: u.ExtraUnits,
		Roles: u.Roles, Position: u.Position, Phone: u.PhoneMask, Email: audit.MaskEmail(u.Email), Disabled: u.Disabled}
}

// ErrSelf is returned when an administrator tries to disable their own account.
var ErrSelf = ui.Errors{"disabled": "org.err.disable_self"}

// ErrAdminAccount is returned when the system administrator acts on an
// account holding one of the three admin roles: under 三员分立 those belong to
// the security administrator, so the system administrator cannot silence the
// auditor or the security administrator by disabling them.
var ErrAdminAccount = ui.Errors{"disabled": "org.err.admin_account"}

// SetDisabled disables or enables an account; nobody disables themselves and
// admin accounts are left to the security administrator.
func (s *Store) SetDisabled(ctx context.Context, actor, id int64, disabled bool) error {
	if actor == id && disabled {
		return ErrSelf
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := userByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.IsAdmin() {
			return ErrAdminAccount
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, s.now().UTC(), id); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		action := "enable"
		if disabled {
			action = "disable"
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(id, 10), Action: action,
			Before: map[string]bool{"disabled": before.Disabled}, After: map[string]bool{"disabled": disabled}})
	})
}

// User returns one account.
func (s *Store) User(ctx context.Context, id int64) (User, error) { return userByID(ctx, s.db, id) }

const userSelect = `SELECT u.id, u.username, u.name, u.unit_id, n.name, u.position, u.phone_mask, u.email, u.disabled, u.must_change,
	COALESCE((SELECT region_id FROM user_stations s WHERE s.user_id = u.id), 0) FROM users u JOIN units n ON n.id = u.unit_id`

func userByID(ctx context.Context, q store.Querier, id int64) (User, error) {
	var u User
	err := q.QueryRow(ctx, userSelect+` WHERE u.id = ?`, id).Scan(&u.ID, &u.Username, &u.Name, &u.UnitID, &u.UnitName,
		&u.Position, &u.PhoneMask, &u.Email, &u.Disabled, &u.MustChange, &u.StationID)
	if err := store.NotFound(err, "user"); err != nil {
		return u, err
	}
	return u, loadUserLinks(ctx, q, &u)
}

func loadUserLinks(ctx context.Context, q store.Querier, u *User) error {
	rows, err := q.Query(ctx, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, u.ID)
	if err != nil {
		return fmt.Errorf("user roles: %w", err)
	}
	for rows.Next() {
		var r auth.Role
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return err
		}
		u.Roles = append(u.Roles, r)
	}
	rows.Close()
	urows, err := q.Query(ctx, `SELECT unit_id FROM user_units WHERE user_id = ? ORDER BY unit_id`, u.ID)
	if err != nil {
		return fmt.Errorf("user units: %w", err)
	}
	u.ExtraUnits, err = scanIDs(urows)
	return err
}

// Users lists every account by username.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.Query(ctx, userSelect+` ORDER BY u.username`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Username, &u.Name, &u.UnitID, &u.UnitName, &u.Position, &u.PhoneMask, &u.Email,
			&u.Disabled, &u.MustChange, &u.StationID); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadUserLinks(ctx, s.db, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
