package notify_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/notify"
	"tongchou/internal/store"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

type fixture struct {
	db    *store.DB
	clock *clock
	svc   *notify.Service
	users []int64
}

// newFixture gives a service on db with two users of one unit.
func newFixture(t *testing.T, db *store.DB, cfg notify.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)}
	f := &fixture{db: db, clock: clk, svc: notify.New(db, audit.New(db, suite, clk.Now), clk.Now, cfg)}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		unit, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES ('教育局', 'department', ?)`, clk.Now())
		if err != nil {
			return err
		}
		for _, u := range []string{"jiaoyu", "qingshi"} {
			id, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
				VALUES (?, ?, ?, 'x', ?, ?)`, u, u, unit, clk.Now(), clk.Now())
			if err != nil {
				return err
			}
			f.users = append(f.users, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// notify adds a notification in its own transaction.
func (f *fixture) notify(t *testing.T, user int64, key string) bool {
	t.Helper()
	var created bool
	err := f.db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		created, err = notify.Notify(context.Background(), tx, f.clock.Now(), user, notify.Notification{
			Kind: "task.urge", Title: "催办：" + key, Body: "请尽快报送", Link: "/tasks/7", Key: key})
		return err
	})
	if err != nil {
		t.Fatalf("notify: %v", err)
	}
	return created
}

// enqueue adds a delivery in its own transaction.
func (f *fixture) enqueue(t *testing.T, d notify.Delivery) bool {
	t.Helper()
	var created bool
	err := f.db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		created, err = notify.Enqueue(context.Background(), tx, f.clock.Now(), d)
		return err
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return created
}
