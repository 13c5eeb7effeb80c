package security

import (
	"context"
	"errors"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// The pages never let a security admin change their own roles, so through
// HTTP another enabled security admin always remains; this guard is checked
// on the data directly, on both engines.
func TestLastSecAdminGuard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		var ids []int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			unit, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES ('u', 'department', ?)`, now)
			if err != nil {
				return err
			}
			for _, name := range []string{"a", "b"} {
				id, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, disabled, created_at, updated_at)
					VALUES (?, ?, ?, 'x', ?, ?, ?)`, name, name, unit, name == "b", now, now)
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, 'secadmin')`, id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		check := func(want error) {
			t.Helper()
			err := db.InTx(ctx, func(tx *store.Tx) error { return lastSecAdmin(ctx, tx, ids[0]) })
			if !errors.Is(err, want) {
				t.Fatalf("lastSecAdmin = %v, want %v", err, want)
			}
		}
		check(ErrLastSecAdmin) // the other holder is disabled
		if _, err := db.Exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, false, ids[1]); err != nil {
			t.Fatal(err)
		}
		check(nil)
	})
}
