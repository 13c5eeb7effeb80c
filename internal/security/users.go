package security

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"tongchou/internal/auth"
)

// account is one row of the accounts list: identity and security state only.
type account struct {
	ID          int64
	Username    string
	Name        string
	Unit        string
	Roles       []string
	TOTP        bool
	Disabled    bool
	LockedUntil time.Time
}

// Has reports whether the account holds role.
func (a account) Has(role string) bool {
	for _, r := range a.Roles {
		if r == role {
			return true
		}
	}
	return false
}

type usersPage struct {
	Q          string
	Accounts   []account
	AdminRoles []string
	Err        string // message key of a refused action
	Self       int64
	Now        time.Time
}

// maxListed bounds the accounts list; the search narrows it.
const maxListed = 200

// Users is GET /security/users: accounts with their roles and second factor.
func (p *Pages) Users(w http.ResponseWriter, r *http.Request) error {
	return p.renderUsers(w, r, http.StatusOK, "")
}

func (p *Pages) renderUsers(w http.ResponseWriter, r *http.Request, status int, errKey string) error {
	q := strings.TrimSpace(r.FormValue("q"))
	if len([]rune(q)) > 64 {
		q = string([]rune(q)[:64])
	}
	list, err := p.accounts(r.Context(), q, false)
	if err != nil {
		return err
	}
	page := usersPage{Q: q, Accounts: list, Err: errKey, Self: auth.From(r.Context()).ID, Now: p.now()}
	for _, role := range auth.AdminRoles {
		page.AdminRoles = append(page.AdminRoles, string(role))
	}
	return p.ui.Render(w, r, status, "security_users", page)
}

// accounts lists accounts matching q (username or name), or only the locked ones.
func (p *Pages) accounts(ctx context.Context, q string, lockedOnly bool) ([]account, error) {
	where, args := "1 = 1", []any{}
	if q != "" {
		where += " AND (u.username LIKE ? OR u.name LIKE ?)"
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(q) + "%"
		args = append(args, like, like)
	}
	if lockedOnly {
		where += " AND u.locked_until > ?"
		args = append(args, p.now().UTC())
	}
	rows, err := p.db.Query(ctx, `SELECT u.id, u.username, u.name, n.name, u.totp_enabled, u.disabled, u.locked_until
		FROM users u JOIN units n ON n.id = u.unit_id WHERE `+where+` ORDER BY u.username LIMIT `+fmt.Sprint(maxListed), args...)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []account
	byID := map[int64]int{}
	for rows.Next() {
		var a account
		var locked *time.Time
		if err := rows.Scan(&a.ID, &a.Username, &a.Name, &a.Unit, &a.TOTP, &a.Disabled, &locked); err != nil {
			return nil, err
		}
		if locked != nil && locked.After(p.now()) {
			a.LockedUntil = *locked
		}
		byID[a.ID] = len(out)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, p.addRoles(ctx, out, byID)
}

func (p *Pages) addRoles(ctx context.Context, list []account, byID map[int64]int) error {
	rows, err := p.db.Query(ctx, `SELECT user_id, role FROM user_roles ORDER BY role`)
	if err != nil {
		return fmt.Errorf("list roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var role string
		if err := rows.Scan(&id, &role); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			list[i].Roles = append(list[i].Roles, role)
		}
	}
	return rows.Err()
}

// Locked is GET /security/locked: accounts locked now, with unlock buttons.
func (p *Pages) Locked(w http.ResponseWriter, r *http.Request) error {
	list, err := p.accounts(r.Context(), "", true)
	if err != nil {
		return err
	}
	return p.ui.Render(w, r, http.StatusOK, "security_locked", usersPage{Accounts: list, Now: p.now()})
}
