// Package auth signs users in and out, keeps sessions, hashes passwords and
// decides who may see what: roles and data scope by unit.
package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Role is a role a user holds.
type Role string

// The three separated admin roles (三员分立) and the business roles.
const (
	RoleSysAdmin   Role = "sysadmin" // 系统管理员
	RoleSecAdmin   Role = "secadmin" // 安全管理员
	RoleAuditor    Role = "auditor"  // 审计管理员
	RoleOffice     Role = "office"   // 督查室 / 活动办
	RoleLeader     Role = "leader"   // 区领导
	RoleUnitHead   Role = "unithead" // 单位负责人
	RoleLiaison    Role = "liaison"  // 联络员
	RoleGridWorker Role = "grid"     // 网格员
)

// AdminRoles are the three roles no account may combine.
var AdminRoles = []Role{RoleSysAdmin, RoleSecAdmin, RoleAuditor}

// AllRoles in display order.
var AllRoles = []Role{RoleSysAdmin, RoleSecAdmin, RoleAuditor, RoleOffice, RoleLeader, RoleUnitHead, RoleLiaison, RoleGridWorker}

// IsAdmin reports whether r is one of the three admin roles.
func (r Role) IsAdmin() bool { return slices.Contains(AdminRoles, r) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// Principal is the signed-in user with their roles and unit scope.
type Principal struct {
	ID         int64
	Username   string
	Name       string
	UnitID     int64 // the user's own unit
	UnitName   string
	Units      []int64 // own unit plus the units served part-time (兼职)
	Roles      []Role
	Lang       string
	MustChange bool
	TOTP       bool // the second factor is enrolled
}

// Has reports whether p holds role.
func (p *Principal) Has(role Role) bool { return p != nil && slices.Contains(p.Roles, role) }

// HasAny reports whether p holds one of roles.
func (p *Principal) HasAny(roles ...Role) bool { return slices.ContainsFunc(roles, p.Has) }

// SeesAllUnits reports whether p's business scope is every unit (the office and leaders).
func (p *Principal) SeesAllUnits() bool { return p.HasAny(RoleOffice, RoleLeader) }

// InScope reports whether unit is within p's business data scope: the union of
// the user's units, or all units for the office and leaders; never more.
func (p *Principal) InScope(unit int64) bool {
	if p == nil {
		return false
	}
	return p.SeesAllUnits() || slices.Contains(p.Units, unit)
}

// HasBusinessRole reports whether p may see business data at all; the three
// admins may not.
func (p *Principal) HasBusinessRole() bool {
	return p.HasAny(RoleOffice, RoleLeader, RoleUnitHead, RoleLiaison, RoleGridWorker)
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal in ctx, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// ErrRoleConflict is returned for a role set that breaks the separation of
// duties (三员分立): two admin roles, or an admin role with a business role.
var ErrRoleConflict = errors.New("role.conflict")

// ValidateRoles checks a role set before it is stored.
func ValidateRoles(roles []Role) error {
	admins, business := 0, 0
	for _, r := range roles {
		switch {
		case !r.Valid():
			return fmt.Errorf("unknown role %q: %w", r, ErrRoleConflict)
		case r.IsAdmin():
			admins++
		default:
			business++
		}
	}
	if admins > 1 || (admins == 1 && business > 0) {
		return ErrRoleConflict
	}
	return nil
}
