package appealstat

import (
	"context"
	"fmt"
	"testing"
	"time"

	"tongchou/internal/store"
)

// fixture writes appeals straight into the tables internal/appeal owns, so the rates are
// tested on exact timestamps without driving the whole workflow.
type fixture struct {
	t   *testing.T
	db  *store.DB
	ctx context.Context
	n   int
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	return &fixture{t: t, db: db, ctx: context.Background()}
}

func (f *fixture) exec(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	err := f.db.InTx(f.ctx, func(tx *store.Tx) error { return tx.QueryRow(f.ctx, q+" RETURNING id", args...).Scan(&id) })
	if err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (f *fixture) unit(name string) int64 {
	return f.exec(`INSERT INTO units (name, kind, created_at) VALUES (?, 'department', ?)`, name, time.Now().UTC())
}

func (f *fixture) region(name, level string) int64 {
	return f.exec(`INSERT INTO regions (level, name, created_at) VALUES (?, ?, ?)`, level, name, time.Now().UTC())
}

func (f *fixture) category(name string) int64 {
	var id int64
	if err := f.db.QueryRow(f.ctx, `SELECT id FROM appeal_categories WHERE name = ?`, name).Scan(&id); err != nil {
		f.t.Fatalf("category %s: %v", name, err)
	}
	return id
}

// appeal is one appeal as the fixture writes it; zero times are NULL.
type appeal struct {
	category, region, unit int64
	text, phoneHash, state string
	received, closed       time.Time
	solved                 *bool
	first, final           string
	reopened               int
}

func (f *fixture) appeal(a appeal) int64 {
	f.n++
	if a.state == "" {
		a.state = "closed"
	}
	if a.text == "" {
		a.text = "路灯坏了"
	}
	var unit, region, closed, solved any
	if a.unit != 0 {
		unit = a.unit
	}
	if a.region != 0 {
		region = a.region
	}
	if !a.closed.IsZero() {
		closed = a.closed.UTC()
	}
	if a.solved != nil {
		solved = *a.solved
	}
	return f.exec(`INSERT INTO appeals (code, category_id, class, region_id, description, phone_hash, source, state, unit_id,
		received_at, due_at, closed_at, solved, reopened, rating_first, rating_final, created_at, updated_at)
		VALUES (?, ?, 'complaint', ?, ?, ?, 'public', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		fmt.Sprintf("T%06d", f.n), a.category, region, a.text, a.phoneHash, a.state, unit,
		a.received.UTC(), a.received.Add(13*24*time.Hour).UTC(), closed, solved, a.reopened, a.first, a.final,
		a.received.UTC(), a.received.UTC())
}

// dispatch is one dispatch; zero times are NULL, accepted nil is no decision.
type dispatch struct {
	appeal, unit     int64
	at, signed, back time.Time
	accepted         *bool
	signWithin       time.Duration // default one day
}

func (f *fixture) dispatch(d dispatch) int64 {
	if d.signWithin == 0 {
		d.signWithin = 24 * time.Hour
	}
	null := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC()
	}
	var acc any
	if d.accepted != nil {
		acc = *d.accepted
	}
	return f.exec(`INSERT INTO appeal_dispatches (appeal_id, unit_id, dispatched_at, sign_due_at, signed_at, back_at, back_accepted)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.appeal, d.unit, d.at.UTC(), d.at.Add(d.signWithin).UTC(), null(d.signed), null(d.back), acc)
}

// sh is a wall-clock time in Asia/Shanghai.
func sh(day string, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", day+" "+hm, time.FixedZone("CST", 8*3600))
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }
