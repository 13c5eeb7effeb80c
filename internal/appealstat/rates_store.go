package appealstat

import (
	"context"
	"fmt"
	"sort"
	"time"

	"tongchou/internal/store"
)

// Rates returns every unit's three rates and combined score for the days from to to
// ('YYYY-MM-DD', both included, Asia/Shanghai), with the office's settings. It is the
// entry point for the assessment indicators.
func Rates(ctx context.Context, q store.Querier, from, to string) ([]UnitRates, error) {
	p, err := ParsePeriod(from, to, time.Now())
	if err != nil {
		return nil, fmt.Errorf("rates period: %w", err)
	}
	s, err := LoadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	return RatesWith(ctx, q, p, s, time.Now().UTC())
}

// RatesWith computes the rates for a period with given settings; now decides which
// dispatches are still within their sign limit.
func RatesWith(ctx context.Context, q store.Querier, p Period, s Settings, now time.Time) ([]UnitRates, error) {
	start, end := p.Bounds()
	byUnit := map[int64]*UnitRates{}
	get := func(id int64) *UnitRates {
		u := byUnit[id]
		if u == nil {
			u = &UnitRates{UnitID: id}
			byUnit[id] = u
		}
		return u
	}
	parts := []struct {
		q   query
		set func(u *UnitRates, r Rate)
	}{
		{responseQuery(s, start, end, now), func(u *UnitRates, r Rate) { u.Response = r }},
		{solveQuery(s, start, end), func(u *UnitRates, r Rate) { u.Solve = r }},
		{satisfactionQuery(s, start, end, s.Round), func(u *UnitRates, r Rate) { u.Satisfaction = r }},
		{satisfactionQuery(s, start, end, RoundFirst), func(u *UnitRates, r Rate) { u.SatisfactionFirst = r }},
	}
	for _, part := range parts {
		if err := countInto(ctx, q, part.q, func(unit int64, r Rate) { part.set(get(unit), r) }); err != nil {
			return nil, err
		}
	}
	names, err := unitNames(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]UnitRates, 0, len(byUnit))
	for id, u := range byUnit {
		u.Unit = names[id]
		u.combine(s)
		out = append(out, *u)
	}
	sortRates(out)
	return out, nil
}

// sortRates orders by combined score (best first), units without a score last, then by name.
func sortRates(out []UnitRates) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.HasScore != b.HasScore {
			return a.HasScore
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Unit < b.Unit
	})
}

func countInto(ctx context.Context, q store.Querier, qq query, set func(unit int64, r Rate)) error {
	rows, err := q.Query(ctx, qq.countSQL(), qq.args...)
	if err != nil {
		return fmt.Errorf("count rates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var unit int64
		var r Rate
		if err := rows.Scan(&unit, &r.Den, &r.Num); err != nil {
			return fmt.Errorf("scan rates: %w", err)
		}
		set(unit, r)
	}
	return rows.Err()
}

func unitNames(ctx context.Context, q store.Querier) (map[int64]string, error) {
	rows, err := q.Query(ctx, `SELECT id, name FROM units`)
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		m[id] = n
	}
	return m, rows.Err()
}
