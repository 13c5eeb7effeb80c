package org

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// User is an account as the system administrator sees it (phone masked).
type User struct {
	ID         int64
	Username   string
	Name       string
	UnitID     int64
	UnitName   string
	Position   string
	PhoneMask  string
	Email      string // "" when none; shown only on the edit form, masked elsewhere
	Disabled   bool
	MustChange bool
	Roles      []auth.Role
	ExtraUnits []int64
	StationID  int64 // region the user is stationed in (蹲点), 0 when none
}

// EmailMask is the address as lists show it: z***@example.gov.cn.
func (u User) EmailMask() string { return audit.MaskEmail(u.Email) }

// IsAdmin reports whether the user holds one of the three admin roles.
func (u User) IsAdmin() bool { return slices.ContainsFunc(u.Roles, auth.Role.IsAdmin) }

// HasRole reports whether the user holds r (for templates).
func (u User) HasRole(r string) bool { return slices.Contains(u.Roles, auth.Role(r)) }

// InUnit reports whether id is one of the user's extra units (for templates).
func (u User) InUnit(id int64) bool { return slices.Contains(u.ExtraUnits, id) }

// UserInput is what creating or editing an account takes. Roles are business
// roles only: the system administrator may not grant admin roles.
type UserInput struct {
	Username   string
	Name       string
	UnitID     int64
	ExtraUnits []int64
	Roles      []auth.Role
	Position   string
	Phone      string // "" keeps the stored number on edit
	Email      string // optional, for notices by mail; "" has none
	StationID  int64
}

// BusinessRoles are the roles the system administrator may grant.
var BusinessRoles = []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison, auth.RoleGridWorker}

var usernameRe = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,31}$`)

// validate checks the fields; creating also checks the username.
func (in *UserInput) validate(creating bool) ui.Errors {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.Name, in.Position = strings.TrimSpace(in.Name), strings.TrimSpace(in.Position)
	in.Phone = strings.ReplaceAll(strings.TrimSpace(in.Phone), " ", "")
	errs := ui.Errors{}
	if creating && !usernameRe.MatchString(in.Username) {
		errs["username"] = "org.err.username"
	}
	if k := validName(in.Name); k != "" {
		errs["name"] = k
	}
	if utf8.RuneCountInString(in.Position) > maxName {
		errs["position"] = "form.too_long"
	}
	if in.Phone != "" && !ValidPhone(in.Phone) {
		errs["phone"] = "org.err.phone"
	}
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" && !notify.ValidEmail(in.Email, false) {
		errs["email"] = "org.err.email"
	}
	if in.UnitID == 0 {
		errs["unit"] = "form.required"
	}
	for _, r := range in.Roles {
		if !slices.Contains(BusinessRoles, r) {
			errs["roles"] = "org.err.admin_role"
		}
	}
	return errs
}

// checkUnits fills errs when the unit, an extra unit or the station region is unknown.
func checkUnits(ctx context.Context, q store.Querier, in UserInput, errs ui.Errors) error {
	for _, id := range append([]int64{in.UnitID}, in.ExtraUnits...) {
		if id == 0 {
			continue
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("check unit: %w", err)
		}
		if n == 0 {
			field := "extra_units"
			if id == in.UnitID {
				field = "unit"
			}
			errs[field] = "org.err.unit_missing"
		}
	}
	if in.StationID != 0 {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE id = ?`, in.StationID).Scan(&n); err != nil {
			return fmt.Errorf("check region: %w", err)
		}
		if n == 0 {
			errs["station"] = "org.err.region_missing"
		}
	}
	return nil
}

// userAudit is the audit view of an account: personal data masked.
type userAudit struct {
	Username   string      `json:"username"`
	Name       string      `json:"name"`
	UnitID     int64       `json:"unit_id"`
	ExtraUnits []int64     `json:"extra_units"`
	Roles      []auth.Role `json:"roles"`
	Position   string      `json:"position"`
	Phone      string      `json:"phone"`
	Email      string      `json:"email,omitempty"`
	Disabled   bool        `json:"disabled"`
}
