package app

import (
	"context"
	"fmt"
	"io"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/demo"
	"tongchou/internal/store"
)

// bootstrap fills an empty database: the demo district with --demo, else one
// system administrator whose one-time password is printed once.
func (a *App) bootstrap(ctx context.Context, withDemo bool, demoPassword string, out io.Writer) error {
	var users int
	if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&users); err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if users > 0 {
		return nil
	}
	if withDemo {
		pw := demoPassword
		if pw == "" {
			pw = auth.GeneratePassword()
		}
		accounts, err := demo.Load(ctx, demo.Deps{DB: a.DB, Audit: a.Audit, Suite: a.Suite, Now: a.Now}, pw)
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		fmt.Fprintln(out, "demo data loaded; accounts (password for all:", pw+"):")
		for _, acc := range accounts {
			fmt.Fprintf(out, "  %-10s %s\n", acc.Username, acc.Label)
		}
		return nil
	}
	pw := auth.GeneratePassword()
	if err := createFirstAdmin(ctx, a, pw); err != nil {
		return err
	}
	fmt.Fprintf(out, "created the system administrator: username admin, one-time password %s (change it at first login)\n", pw)
	return nil
}

func createFirstAdmin(ctx context.Context, a *App, pw string) error {
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	return a.DB.InTx(ctx, func(tx *store.Tx) error {
		now := a.Now().UTC()
		unit, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES (?, ?, ?)`, "系统管理", "system", now)
		if err != nil {
			return fmt.Errorf("create admin unit: %w", err)
		}
		id, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, must_change,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, "admin", "系统管理员", unit, hash, true, now, now)
		if err != nil {
			return fmt.Errorf("create admin: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, auth.RoleSysAdmin); err != nil {
			return fmt.Errorf("grant admin role: %w", err)
		}
		return a.Audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: fmt.Sprint(id), Action: "bootstrap",
			After: map[string]any{"username": "admin", "roles": []string{"sysadmin"}}})
	})
}
