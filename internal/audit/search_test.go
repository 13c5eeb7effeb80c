package audit_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// TestSearchOnBothEngines runs the search SQL (LIKE with ESCAPE, time bounds,
// booleans, keyset paging) on SQLite and PostgreSQL.
func TestSearchOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 5, 6, 15, 30, 0, 0, time.UTC) // 23:30 on 6 May in Beijing
		tick := func() time.Time { at = at.Add(time.Hour); return at }
		l := audit.New(db, suite(t, "std", testKeys), tick)
		for _, e := range []struct{ actor, ip, entity, action string }{
			{"admin", "10.0.0.1", "user", "disable"},     // 00:30 on 7 May
			{"security", "10.0.1.1", "policy", "update"}, // 01:30
			{"ad_min%", "192.168.1.1", "user", "create"}, // 02:30
		} {
			ctx := audit.WithActor(ctx, audit.Actor{Name: e.actor, IP: e.ip})
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				return l.Record(ctx, tx, audit.Entry{Entity: e.entity, EntityID: "1", Action: e.action})
			}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name  string
			query string
			want  []int64
		}{
			{"AllNewestFirst", "", []int64{3, 2, 1}},
			{"ActorPartCaseInsensitive", "actor=ADM", []int64{1}},
			{"ActorPartMatchesInside", "actor=min", []int64{3, 1}},
			{"PercentIsLiteral", "actor=%25", []int64{3}},
			{"UnderscoreIsLiteral", "actor=d_m", []int64{3}},
			{"Entity", "entity=user", []int64{3, 1}},
			{"ActionAndEntityID", "action=update&entity_id=1", []int64{2}},
			{"IPPrefix", "ip=10.0.", []int64{2, 1}},
			{"BeijingDay", "from=2026-05-07&to=2026-05-07", []int64{3, 2, 1}},
			{"NotTheUTCDay", "to=2026-05-06", nil},
			{"KeysetPage", "before=3", []int64{2, 1}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q, _ := url.ParseQuery(tc.query)
				f, err := audit.ParseFilter(q)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				if err := audit.EachEntry(ctx, db, f, 10, func(r audit.Row) error { got = append(got, r.ID); return nil }); err != nil {
					t.Fatal(err)
				}
				if !equalIDs(got, tc.want) {
					t.Fatalf("%s: ids %v, want %v", tc.query, got, tc.want)
				}
			})
		}
		entities, err := audit.Distinct(ctx, db, "entity")
		if err != nil || len(entities) != 2 || entities[0] != "policy" || entities[1] != "user" {
			t.Fatalf("Distinct(entity) = %v, %v", entities, err)
		}
		if _, err := audit.Distinct(ctx, db, "hash; DROP TABLE audit_log"); err == nil {
			t.Fatal("Distinct accepted an arbitrary column")
		}
	})
}

func TestLoginSearchOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)
		for _, l := range []struct {
			user string
			ip   string
			ok   bool
		}{{"admin", "10.0.0.1", false}, {"admin", "10.0.0.1", true}, {"jiaoyu", "10.2.0.1", true}} {
			at = at.Add(time.Minute)
			if _, err := db.Exec(ctx, `INSERT INTO login_log (at, username, user_id, ip, success, reason) VALUES (?, ?, NULL, ?, ?, ?)`,
				at, l.user, l.ip, l.ok, "test"); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name, query string
			want        []int64
		}{
			{"All", "", []int64{3, 2, 1}},
			{"Failures", "result=failure", []int64{1}},
			{"SuccessesOfAdmin", "result=success&username=adm", []int64{2}},
			{"IPPrefix", "ip=10.2", []int64{3}},
			{"Day", "from=2026-05-06&to=2026-05-06", []int64{3, 2, 1}},
			{"OtherDay", "from=2026-05-07", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q, _ := url.ParseQuery(tc.query)
				f, err := audit.ParseLoginFilter(q)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				if err := audit.EachLogin(ctx, db, f, 10, func(e audit.LoginEntry) error { got = append(got, e.ID); return nil }); err != nil {
					t.Fatal(err)
				}
				if !equalIDs(got, tc.want) {
					t.Fatalf("%s: ids %v, want %v", tc.query, got, tc.want)
				}
			})
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
