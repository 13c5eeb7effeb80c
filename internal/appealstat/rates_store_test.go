package appealstat

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// march is the period of the rate tests; now is in the middle of it.
var (
	march    = Period{"2026-03-01", "2026-03-31"}
	marchNow = sh("2026-03-20", "12:00:00")
)

// seedRates writes the hand-counted case of TestRates: unit A's dispatches and closed
// appeals around the period's edges, and unit B with one unsigned dispatch.
func seedRates(f *fixture) (unitA, unitB int64) {
	unitA, unitB = f.unit("甲局"), f.unit("乙局")
	cat := f.category("教育")
	ap := f.appeal(appeal{category: cat, unit: unitA, state: "signed", received: sh("2026-02-27", "09:00:00")})
	disp := func(at time.Time, signed time.Time, accepted *bool) {
		f.dispatch(dispatch{appeal: ap, unit: unitA, at: at, signed: signed, accepted: accepted})
	}
	disp(sh("2026-03-02", "09:00:00"), sh("2026-03-02", "10:00:00"), nil)          // in time
	disp(sh("2026-03-03", "09:00:00"), sh("2026-03-04", "09:00:01"), nil)          // late by a second
	f.dispatch(dispatch{appeal: ap, unit: unitA, at: sh("2026-03-04", "09:00:00"), // 退单 accepted: excluded
		back: sh("2026-03-04", "10:00:00"), accepted: ptr(true)})
	f.dispatch(dispatch{appeal: ap, unit: unitA, at: sh("2026-03-05", "09:00:00"), // 退单 refused, then signed in time
		back: sh("2026-03-05", "10:00:00"), accepted: ptr(false), signed: sh("2026-03-05", "11:00:00")})
	disp(sh("2026-03-01", "00:30:00"), sh("2026-03-01", "08:00:00"), nil)           // first minutes of the period
	disp(sh("2026-02-28", "23:59:00"), sh("2026-03-01", "08:00:00"), nil)           // before it
	disp(sh("2026-03-31", "23:59:59"), sh("2026-04-01", "08:00:00"), nil)           // last second of it
	disp(sh("2026-04-01", "00:00:00"), sh("2026-04-01", "08:00:00"), nil)           // after it
	f.dispatch(dispatch{appeal: ap, unit: unitA, at: sh("2026-03-20", "11:00:00")}) // unsigned, limit not yet passed at marchNow
	f.dispatch(dispatch{appeal: ap, unit: unitB, at: sh("2026-03-10", "11:00:00")}) // unsigned and late
	closedOn := sh("2026-03-10", "15:00:00")
	for _, a := range []appeal{
		{solved: ptr(true), first: "satisfied", final: "satisfied"},
		{solved: ptr(true), first: "unsatisfied", final: "satisfied", reopened: 1}, // 重办, then satisfied
		{solved: ptr(false), first: "unsatisfied", final: "unsatisfied", reopened: 1},
		{solved: ptr(true), first: "basic", final: "basic"},
		{solved: ptr(true)}, // closed without a rating
	} {
		a.category, a.unit, a.received, a.closed = cat, unitA, sh("2026-02-20", "10:00:00"), closedOn
		f.appeal(a)
	}
	// Not closed in the period: waiting for a rating (no closing time), closed in February.
	f.appeal(appeal{category: cat, unit: unitA, state: "rating", received: sh("2026-03-02", "10:00:00"), solved: ptr(true), first: "satisfied"})
	f.appeal(appeal{category: cat, unit: unitA, received: sh("2026-02-02", "10:00:00"), closed: sh("2026-02-28", "23:00:00"),
		solved: ptr(true), first: "satisfied", final: "satisfied"})
	return unitA, unitB
}

func TestRates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		unitA, unitB := seedRates(f)
		for _, tc := range []struct {
			name                                string
			change                              func(*Settings)
			response, solve, satisfaction, sat1 Rate
			unitBResponse                       Rate
		}{
			{"DefaultsCountPendingDispatches", func(*Settings) {}, Rate{4, 6}, Rate{4, 5}, Rate{3, 4}, Rate{2, 4}, Rate{0, 1}},
			{"ExcludePendingLeavesOutDispatchesWithinTheirLimit", func(s *Settings) { s.ExcludePending = true },
				Rate{4, 5}, Rate{4, 5}, Rate{3, 4}, Rate{2, 4}, Rate{0, 1}},
			{"FirstRatingRound", func(s *Settings) { s.Round = RoundFirst }, Rate{4, 6}, Rate{4, 5}, Rate{2, 4}, Rate{2, 4}, Rate{0, 1}},
			{"BasicNotSatisfied", func(s *Settings) { s.BasicSatisfied = false }, Rate{4, 6}, Rate{4, 5}, Rate{2, 4}, Rate{1, 4}, Rate{0, 1}},
			// By receipt: the dispatches belong to an appeal received in February, the closed ones too.
			{"ReceivedBasisFollowsTheAppeal", func(s *Settings) { s.Basis = BasisReceived }, Rate{}, Rate{}, Rate{}, Rate{}, Rate{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := DefaultSettings()
				tc.change(&s)
				got, err := RatesWith(context.Background(), db, march, s, marchNow.UTC())
				if err != nil {
					t.Fatal(err)
				}
				a, b := find(got, unitA), find(got, unitB)
				if a.Response != tc.response || a.Solve != tc.solve || a.Satisfaction != tc.satisfaction || a.SatisfactionFirst != tc.sat1 {
					t.Fatalf("unit A = response %v solve %v satisfaction %v first %v; want %v %v %v %v",
						a.Response, a.Solve, a.Satisfaction, a.SatisfactionFirst, tc.response, tc.solve, tc.satisfaction, tc.sat1)
				}
				if b.Response != tc.unitBResponse {
					t.Fatalf("unit B response = %v, want %v", b.Response, tc.unitBResponse)
				}
				if tc.response.Den > 0 {
					want := (0.30*float64(tc.response.Num)/float64(tc.response.Den) + 0.35*float64(tc.solve.Num)/float64(tc.solve.Den) +
						0.35*float64(tc.satisfaction.Num)/float64(tc.satisfaction.Den)) * 100
					if !a.HasScore || math.Abs(a.Score-want) > 0.051 {
						t.Fatalf("unit A score = %v, want %.2f", a.Score, want)
					}
				}
			})
		}
	})
}

func find(rs []UnitRates, unit int64) UnitRates {
	for _, r := range rs {
		if r.UnitID == unit {
			return r
		}
	}
	return UnitRates{UnitID: unit}
}

// TestRatesMatchAnIndependentCount seeds random appeals and dispatches and counts the
// rates again with plain SQL written apart from the package's query builder.
func TestRatesMatchAnIndependentCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rng := rand.New(rand.NewPCG(7, 11))
		units := []int64{f.unit("一局"), f.unit("二局"), f.unit("三局")}
		cat := f.category("住房")
		ratings := []string{"", "satisfied", "basic", "unsatisfied"}
		states := []string{"closed", "closed", "closed", "signed", "rating"}
		base := sh("2026-02-20", "00:00:00")
		for range 120 {
			unit := units[rng.IntN(len(units))]
			received := base.Add(time.Duration(rng.IntN(50*24)) * time.Hour)
			a := appeal{category: cat, unit: unit, received: received, state: states[rng.IntN(len(states))],
				first: ratings[rng.IntN(4)], solved: ptr(rng.IntN(3) > 0)}
			if a.first != "" {
				a.final = a.first
				if a.first == "unsatisfied" {
					a.final, a.reopened = ratings[1+rng.IntN(3)], 1
				}
			}
			if a.state == "closed" {
				a.closed = received.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
			}
			id := f.appeal(a)
			for range rng.IntN(3) {
				d := dispatch{appeal: id, unit: units[rng.IntN(len(units))], at: received.Add(time.Duration(rng.IntN(72)) * time.Hour)}
				switch rng.IntN(4) {
				case 0: // unsigned
				case 1:
					d.back, d.accepted = d.at.Add(time.Hour), ptr(rng.IntN(2) == 0)
				default:
					d.signed = d.at.Add(time.Duration(rng.IntN(40)) * time.Hour)
				}
				f.dispatch(d)
			}
		}
		got, err := RatesWith(context.Background(), db, march, DefaultSettings(), marchNow.UTC())
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Fatal("no unit has rates in the period")
		}
		start, end := march.Bounds()
		for _, u := range units {
			want := independentRates(t, db, u, start, end)
			have := find(got, u)
			if have.Response != want.Response || have.Solve != want.Solve || have.Satisfaction != want.Satisfaction || have.SatisfactionFirst != want.SatisfactionFirst {
				t.Fatalf("unit %d: Rates = %+v, independent count = %+v", u, have, want)
			}
		}
	})
}

// independentRates counts one unit's rates with one scalar subquery per figure.
func independentRates(t *testing.T, db *store.DB, unit int64, start, end time.Time) UnitRates {
	t.Helper()
	var r UnitRates
	err := db.QueryRow(context.Background(), `SELECT
		(SELECT COUNT(*) FROM appeal_dispatches WHERE unit_id = ? AND dispatched_at >= ? AND dispatched_at < ? AND COALESCE(back_accepted, FALSE) = FALSE),
		(SELECT COUNT(*) FROM appeal_dispatches WHERE unit_id = ? AND dispatched_at >= ? AND dispatched_at < ? AND COALESCE(back_accepted, FALSE) = FALSE
			AND signed_at IS NOT NULL AND NOT signed_at > sign_due_at),
		(SELECT COUNT(*) FROM appeals WHERE unit_id = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ?),
		(SELECT COUNT(*) FROM appeals WHERE unit_id = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ? AND solved = TRUE),
		(SELECT COUNT(*) FROM appeals WHERE unit_id = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ? AND rating_final <> ''),
		(SELECT COUNT(*) FROM appeals WHERE unit_id = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ? AND rating_final IN ('satisfied', 'basic')),
		(SELECT COUNT(*) FROM appeals WHERE unit_id = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ? AND rating_first <> ''),
		(SELECT COUNT(*) FROM appeals WHERE unit_id = ? AND state = 'closed' AND closed_at >= ? AND closed_at < ? AND rating_first IN ('satisfied', 'basic'))`,
		unit, start, end, unit, start, end, unit, start, end, unit, start, end, unit, start, end, unit, start, end, unit, start, end, unit, start, end).
		Scan(&r.Response.Den, &r.Response.Num, &r.Solve.Den, &r.Solve.Num, &r.Satisfaction.Den, &r.Satisfaction.Num,
			&r.SatisfactionFirst.Den, &r.SatisfactionFirst.Num)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRatesPeriodBasis: an appeal received in March and closed in April counts for March's
// solve and satisfaction rates only when the office chose the receipt date as the basis.
func TestRatesPeriodBasis(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		unit := f.unit("丙局")
		ap := f.appeal(appeal{category: f.category("交通"), unit: unit, received: sh("2026-03-30", "09:00:00"),
			closed: sh("2026-04-02", "09:00:00"), solved: ptr(true), first: "satisfied", final: "satisfied"})
		f.dispatch(dispatch{appeal: ap, unit: unit, at: sh("2026-03-30", "10:00:00"), signed: sh("2026-03-30", "11:00:00")})
		ctx := context.Background()
		for _, tc := range []struct {
			name        string
			basis       string
			solve, sat  Rate
			hasResponse bool
		}{
			{"EventBasisLeavesAprilClosingOut", BasisEvent, Rate{}, Rate{}, true},
			{"ReceivedBasisCountsIt", BasisReceived, Rate{1, 1}, Rate{1, 1}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := DefaultSettings()
				s.Basis = tc.basis
				got, err := RatesWith(ctx, db, march, s, marchNow.UTC())
				if err != nil {
					t.Fatal(err)
				}
				u := find(got, unit)
				if u.Response != (Rate{1, 1}) || u.Solve != tc.solve || u.Satisfaction != tc.sat {
					t.Fatalf("rates = %+v, want response 1/1, solve %v, satisfaction %v", u, tc.solve, tc.sat)
				}
			})
		}
		// The exported entry point reads the stored settings (none: the defaults).
		got, err := Rates(ctx, db, march.From, march.To)
		if err != nil {
			t.Fatal(err)
		}
		if u := find(got, unit); u.Response != (Rate{1, 1}) || u.Score != 100 || !u.HasScore {
			t.Fatalf("Rates = %+v", u)
		}
		if _, err := Rates(ctx, db, "2026-03-31", "2026-03-01"); err == nil {
			t.Fatal("Rates accepted a reversed period")
		}
	})
}
