package security

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// policyForm is the policy as typed, so a refused form shows what was entered.
type policyForm struct {
	Idle, Failures, Lock string
	MFARoles             []string
}

type policyPage struct {
	Form                        policyForm
	Roles                       []string
	Idle, Failures, Lock        auth.PolicyRange
	Err                         error
	LockedCount, TOTPUsersCount int
}

func formOf(p auth.Policy) policyForm {
	f := policyForm{Idle: strconv.Itoa(p.IdleMinutes), Failures: strconv.Itoa(p.MaxFailures), Lock: strconv.Itoa(p.LockMinutes)}
	for _, r := range p.MFARoles {
		f.MFARoles = append(f.MFARoles, string(r))
	}
	return f
}

// Checked reports whether role is ticked in the form.
func (f policyForm) Checked(role string) bool { return slices.Contains(f.MFARoles, role) }

// parse turns the form into a policy; unreadable numbers name their field.
func (f policyForm) parse(base auth.Policy) (auth.Policy, error) {
	p := base
	errs := ui.Errors{}
	num := func(field, s string, dst *int) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			errs[field] = "form.invalid"
			return
		}
		*dst = n
	}
	num("idle_minutes", f.Idle, &p.IdleMinutes)
	num("max_failures", f.Failures, &p.MaxFailures)
	num("lock_minutes", f.Lock, &p.LockMinutes)
	p.MFARoles = nil
	for _, r := range f.MFARoles {
		if !auth.Role(r).Valid() {
			errs["mfa_roles"] = "form.invalid"
			continue
		}
		if !slices.Contains(p.MFARoles, auth.Role(r)) {
			p.MFARoles = append(p.MFARoles, auth.Role(r))
		}
	}
	if len(errs) > 0 {
		return p, errs
	}
	return p, p.Validate()
}

// Policy is GET /security: the policy form and counts for the other pages.
func (p *Pages) Policy(w http.ResponseWriter, r *http.Request) error {
	pol, err := auth.LoadPolicy(r.Context(), p.db)
	if err != nil {
		return err
	}
	return p.renderPolicy(w, r, http.StatusOK, formOf(pol), nil)
}

// SavePolicy is POST /security/policy.
func (p *Pages) SavePolicy(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	f := policyForm{Idle: r.PostFormValue("idle_minutes"), Failures: r.PostFormValue("max_failures"),
		Lock: r.PostFormValue("lock_minutes"), MFARoles: r.PostForm["mfa_roles"]}
	old, err := auth.LoadPolicy(ctx, p.db)
	if err != nil {
		return err
	}
	pol, err := f.parse(old)
	if err == nil {
		err = p.db.InTx(ctx, func(tx *store.Tx) error {
			if err := auth.SavePolicy(ctx, tx, pol); err != nil {
				return err
			}
			return p.audit.Record(ctx, tx, audit.Entry{Entity: "policy", EntityID: "security", Action: "policy.update",
				Before: old, After: pol})
		})
	}
	if ui.IsInvalid(err) {
		if len(f.Idle) > 20 || len(f.Failures) > 20 || len(f.Lock) > 20 {
			f = formOf(old) // do not echo a megabyte back
		}
		return p.renderPolicy(w, r, http.StatusUnprocessableEntity, f, err)
	}
	if err != nil {
		return fmt.Errorf("save policy: %w", err)
	}
	ui.Flash(w, "security.policy_saved")
	return ui.Redirect(w, r, "/security")
}

func (p *Pages) renderPolicy(w http.ResponseWriter, r *http.Request, status int, f policyForm, formErr error) error {
	page := policyPage{Form: f, Idle: auth.IdleRange, Failures: auth.FailuresRange, Lock: auth.LockRange, Err: formErr}
	for _, role := range auth.AllRoles {
		page.Roles = append(page.Roles, string(role))
	}
	ctx := r.Context()
	if err := p.db.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE locked_until > ?`, p.now().UTC()).Scan(&page.LockedCount); err != nil {
		return fmt.Errorf("count locked: %w", err)
	}
	if err := p.db.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE totp_enabled = ?`, true).Scan(&page.TOTPUsersCount); err != nil {
		return fmt.Errorf("count totp users: %w", err)
	}
	return p.ui.Render(w, r, status, "security_policy", page)
}
