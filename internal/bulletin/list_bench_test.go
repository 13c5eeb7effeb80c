package bulletin_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/store"
)

// BenchmarkList is the /bulletins page with 2,000 notices sent to every
// unit (about 100,000 receipts), half of them confirmed: the office's list
// and a liaison's, each ordering the unconfirmed first.
func BenchmarkList(b *testing.B) {
	env := authtest.New(b)
	ctx := context.Background()
	var units []int64
	rows, err := env.App.DB.Query(ctx, `SELECT id FROM units WHERE active = ?`, true)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		units = append(units, id)
	}
	rows.Close()
	sender, user := units[2], env.UserID("ducha")
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	err = env.App.DB.InTx(ctx, func(tx *store.Tx) error {
		for i := range 2000 {
			id, err := store.InsertID(ctx, tx, `INSERT INTO bulletins (sender_unit_id, sender_id, title, body, to_all, published_at)
				VALUES (?, ?, ?, ?, ?, ?)`, sender, user, "压测通知", "正文", true, at.Add(time.Duration(i)*time.Minute))
			if err != nil {
				return err
			}
			for _, u := range units {
				var by, when any
				if i%2 == 0 {
					by, when = user, at
				}
				if _, err := tx.Exec(ctx, `INSERT INTO bulletin_recipients (bulletin_id, unit_id, confirmed_by, confirmed_at)
					VALUES (?, ?, ?, ?)`, id, u, by, when); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"ducha", "jiaoyu"} {
		c := env.Client("10.7.0.1")
		c.MustLogin(name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if r := c.Get("/bulletins"); r.Code != http.StatusOK {
					b.Fatalf("list = %d", r.Code)
				}
			}
		})
	}
}
