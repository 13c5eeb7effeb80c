package notify_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

func TestNotifyOncePerKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, notify.Config{})
		me := f.users[0]
		if !f.notify(t, me, "urge:7:1") {
			t.Fatal("first notify created nothing")
		}
		if f.notify(t, me, "urge:7:1") {
			t.Fatal("the same key notified twice")
		}
		if n, err := f.svc.UnreadCount(context.Background(), me); err != nil || n != 1 {
			t.Fatalf("unread = %d, %v; want 1", n, err)
		}
	})
}

func TestNotifyRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, notify.Config{})
		for _, tc := range []struct {
			name string
			n    notify.Notification
		}{
			{"NoKey", notify.Notification{Kind: "k", Title: "t"}},
			{"NoTitle", notify.Notification{Kind: "k", Key: "x"}},
			{"OutsideLink", notify.Notification{Kind: "k", Title: "t", Key: "y", Link: "https://evil.example"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := db.InTx(context.Background(), func(tx *store.Tx) error {
					_, err := notify.Notify(context.Background(), tx, f.clock.Now(), f.users[0], tc.n)
					return err
				})
				if err == nil {
					t.Fatal("accepted")
				}
			})
		}
		t.Run("LongTitleIsCutOnACharacter", func(t *testing.T) {
			err := db.InTx(context.Background(), func(tx *store.Tx) error {
				_, err := notify.Notify(context.Background(), tx, f.clock.Now(), f.users[0],
					notify.Notification{Kind: "k", Title: strings.Repeat("督", 1<<20), Key: "long"})
				return err
			})
			items, _, lerr := f.svc.List(context.Background(), f.users[0], 1)
			if err != nil || lerr != nil || len(items) != 1 || len(items[0].Title) > 200 || !strings.HasPrefix(items[0].Title, "督督") {
				t.Fatalf("long title: %v %v %d", err, lerr, len(items))
			}
		})
	})
}

func TestInboxPagesAndMarksOnlyOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, notify.Config{})
		ctx := context.Background()
		me, other := f.users[0], f.users[1]
		for i := range notify.PageSize + 5 {
			f.notify(t, me, fmt.Sprintf("k%d", i))
		}
		f.notify(t, other, "theirs")
		first, more, err := f.svc.List(ctx, me, 1)
		if err != nil || len(first) != notify.PageSize || !more || first[0].Title != fmt.Sprintf("催办：k%d", notify.PageSize+4) {
			t.Fatalf("page 1: %d items, more=%v, %v", len(first), more, err)
		}
		second, more, err := f.svc.List(ctx, me, 2)
		if err != nil || len(second) != 5 || more {
			t.Fatalf("page 2: %d items, more=%v, %v", len(second), more, err)
		}
		theirs, _, _ := f.svc.List(ctx, other, 1)
		if err := f.svc.MarkRead(ctx, me, theirs[0].ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("marking another user's notification = %v, want not found", err)
		}
		if err := f.svc.MarkRead(ctx, me, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("marking a missing notification = %v, want not found", err)
		}
		if err := f.svc.MarkRead(ctx, me, first[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.MarkRead(ctx, me, first[0].ID); err != nil { // twice is harmless
			t.Fatal(err)
		}
		if n, _ := f.svc.UnreadCount(ctx, me); n != notify.PageSize+4 {
			t.Fatalf("unread after one read = %d", n)
		}
		if n, err := f.svc.MarkAllRead(ctx, me); err != nil || n != int64(notify.PageSize+4) {
			t.Fatalf("mark all = %d, %v", n, err)
		}
		if n, _ := f.svc.UnreadCount(ctx, other); n != 1 {
			t.Fatalf("marking all of mine changed another user's (%d unread)", n)
		}
		var audited int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'notification'`).Scan(&audited)
		if audited != 2 {
			t.Fatalf("audit entries = %d, want one read and one read_all", audited)
		}
	})
}
