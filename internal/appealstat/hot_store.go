package appealstat

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"tongchou/internal/store"
)

// Limits of the lists on the hot page.
const (
	topVillages = 20
	topTerms    = 30
	lastRepeats = 20
)

// LoadHot reads the hot-issue report for p from the aggregate tables. lang picks the
// category names ("en" for the English ones).
func LoadHot(ctx context.Context, q store.Querier, p Period, lang string) (Hot, error) {
	h := Hot{Period: p, Prev: previous(p)}
	names, err := loadNames(ctx, q, lang)
	if err != nil {
		return h, err
	}
	if err := h.addDays(ctx, q, names); err != nil {
		return h, err
	}
	if err := h.addTerms(ctx, q); err != nil {
		return h, err
	}
	if err := h.addRepeats(ctx, q, names); err != nil {
		return h, err
	}
	var at sql.NullTime
	err = q.QueryRow(ctx, `SELECT updated_at FROM appealstat_marks WHERE name = 'hot'`).Scan(&at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("read watermark: %w", err)
	}
	h.CountedTo = at.Time
	return h, nil
}

// addDays reads the daily counts of both periods in one range scan and folds them into
// categories, regions, weeks and the two sides.
func (h *Hot) addDays(ctx context.Context, q store.Querier, names names) error {
	rows, err := q.Query(ctx, `SELECT day, category_id, region_id, n, repeat_phone, repeat_place, repeat_any
		FROM appealstat_daily WHERE day >= ? AND day <= ?`, h.Prev.From, h.Period.To)
	if err != nil {
		return fmt.Errorf("read daily counts: %w", err)
	}
	defer rows.Close()
	cats, regs := map[int64]*Count{}, map[int64]*Count{}
	weeks := map[string]*Week{}
	for _, w := range weeksOf(h.Period) {
		weeks[w] = &Week{Label: w}
		h.Weeks = append(h.Weeks, Week{Label: w})
	}
	seenRegion := map[bool]map[int64]bool{true: {}, false: {}}
	for rows.Next() {
		var day string
		var cat, reg int64
		var n, byPhone, byPlace, rep int
		if err := rows.Scan(&day, &cat, &reg, &n, &byPhone, &byPlace, &rep); err != nil {
			return fmt.Errorf("scan daily counts: %w", err)
		}
		tr := names.transferred[reg]
		side := &h.Rest
		if tr {
			side = &h.Transferred
		}
		c, r := entry(cats, cat, names.categories[cat]), entry(regs, reg, names.regions[reg])
		if day < h.Period.From {
			h.PrevTotal += n
			c.Prev += n
			r.Prev += n
			side.Prev += n
			continue
		}
		h.Total += n
		h.RepeatPhone += byPhone
		h.RepeatPlace += byPlace
		h.RepeatAny += rep
		c.N += n
		c.Repeats += rep
		r.N += n
		r.Repeats += rep
		side.N += n
		side.Repeats += rep
		if tr {
			c.NTransferred += n
		} else {
			c.NRest += n
		}
		if reg != 0 && !seenRegion[tr][reg] {
			seenRegion[tr][reg] = true
			side.Regions++
		}
		if w := weeks[isoWeek(day)]; w != nil {
			w.N += n
			if tr {
				w.Transferred += n
			} else {
				w.Rest += n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range h.Weeks {
		h.Weeks[i] = *weeks[h.Weeks[i].Label]
	}
	h.Categories = ranked(cats, 0)
	delete(regs, 0)
	for id, r := range regs {
		r.Transferred = names.transferred[id]
		r.Parent = names.parents[id]
	}
	h.Villages = ranked(regs, topVillages)
	return nil
}

func entry(m map[int64]*Count, id int64, name string) *Count {
	c := m[id]
	if c == nil {
		c = &Count{ID: id, Name: name}
		m[id] = c
	}
	return c
}

// ranked lists the counts with appeals in the period, most first (then by name), at most
// limit of them (0: all).
func ranked(m map[int64]*Count, limit int) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		if c.N > 0 {
			out = append(out, *c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Name < out[j].Name
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// addTerms reads the top terms of the period's weeks and their counts in the weeks before.
func (h *Hot) addTerms(ctx context.Context, q store.Querier) error {
	weeks, prev := weeksOf(h.Period), weeksOf(h.Prev)
	rows, err := q.Query(ctx, `SELECT term, SUM(n) AS total FROM appealstat_terms WHERE week >= ? AND week <= ?
		GROUP BY term ORDER BY total DESC, term LIMIT ?`, weeks[0], weeks[len(weeks)-1], topTerms)
	if err != nil {
		return fmt.Errorf("read hot terms: %w", err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var t Term
		if err := rows.Scan(&t.Term, &t.N); err != nil {
			return fmt.Errorf("scan hot terms: %w", err)
		}
		idx[t.Term] = len(h.Terms)
		h.Terms = append(h.Terms, t)
	}
	if err := rows.Err(); err != nil || len(h.Terms) == 0 {
		return err
	}
	rows.Close()
	// Before: only the weeks wholly before the period (its first week may be shared).
	first, last := prev[0], prev[len(prev)-1]
	if last == weeks[0] {
		if len(prev) == 1 {
			return nil
		}
		last = prev[len(prev)-2]
	}
	args := []any{first, last}
	in := ""
	for i, t := range h.Terms {
		if i > 0 {
			in += ", "
		}
		in += "?"
		args = append(args, t.Term)
	}
	prows, err := q.Query(ctx, `SELECT term, SUM(n) FROM appealstat_terms WHERE week >= ? AND week <= ? AND term IN (`+in+`)
		GROUP BY term`, args...)
	if err != nil {
		return fmt.Errorf("read earlier terms: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var term string
		var n int
		if err := prows.Scan(&term, &n); err != nil {
			return err
		}
		h.Terms[idx[term]].Prev = n
	}
	return prows.Err()
}

// addRepeats lists the latest repeats of the period with the appeals they repeat.
func (h *Hot) addRepeats(ctx context.Context, q store.Querier, names names) error {
	rows, err := q.Query(ctx, `SELECT r.appeal_id, a.code, a.category_id, COALESCE(a.region_id, 0), a.received_at,
			COALESCE(r.phone_of, 0), COALESCE(pa.code, ''), COALESCE(r.place_of, 0), COALESCE(pp.code, '')
		FROM appealstat_repeats r JOIN appeals a ON a.id = r.appeal_id
		LEFT JOIN appeals pa ON pa.id = r.phone_of LEFT JOIN appeals pp ON pp.id = r.place_of
		WHERE r.day >= ? AND r.day <= ? ORDER BY r.day DESC, r.appeal_id DESC LIMIT ?`, h.Period.From, h.Period.To, lastRepeats)
	if err != nil {
		return fmt.Errorf("read repeats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Repeat
		var cat, reg int64
		var at time.Time
		if err := rows.Scan(&r.ID, &r.Code, &cat, &reg, &at, &r.PhoneOf, &r.PhoneOfCode, &r.PlaceOf, &r.PlaceOfCode); err != nil {
			return fmt.Errorf("scan repeats: %w", err)
		}
		r.Category, r.Region, r.Received = names.categories[cat], names.regions[reg], at
		h.Repeats = append(h.Repeats, r)
	}
	return rows.Err()
}
