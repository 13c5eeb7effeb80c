package portal

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"tongchou/internal/store"
)

// Village is a village or community a citizen can name on the form, with
// the names it and its town carried before (a transferred town's villages
// are still searched for by their old county's name, a renamed village by
// its former name).
type Village struct {
	ID     int64
	Name   string
	Town   string
	Former []string // former names of the village
	WasIn  []string // former parents (towns or counties) of the town or village
	Codes  []string // current and former codes
}

// Label is what the form's list shows.
func (v Village) Label() string {
	s := v.Town + " · " + v.Name
	if len(v.Former) > 0 {
		s += "（原名" + strings.Join(v.Former, "、") + "）"
	}
	if len(v.WasIn) > 0 {
		s += "（原属" + strings.Join(v.WasIn, "、") + "）"
	}
	return s
}

// Matches reports whether q is part of any current or former name, or is a code.
func (v Village) Matches(q string) bool {
	q = strings.TrimSpace(q)
	if q == "" {
		return true
	}
	for _, s := range append(append([]string{v.Name, v.Town}, v.Former...), v.WasIn...) {
		if strings.Contains(s, q) {
			return true
		}
	}
	for _, c := range v.Codes {
		if c == q {
			return true
		}
	}
	return false
}

// Villages lists the villages and communities as they are on date, by town
// and name, with their history for the search.
func Villages(ctx context.Context, q store.Querier, date string) ([]Village, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.name, p.id, p.name FROM regions r
		JOIN region_parents rp ON rp.region_id = r.id AND rp.valid_from <= ? AND (rp.valid_to IS NULL OR rp.valid_to > ?)
		JOIN regions p ON p.id = rp.parent_id
		WHERE r.level IN ('village', 'community')`, date, date)
	if err != nil {
		return nil, fmt.Errorf("villages: %w", err)
	}
	var out []Village
	town := map[int64]int64{} // village → its town today
	for rows.Next() {
		var v Village
		var tid int64
		if err := rows.Scan(&v.ID, &v.Name, &tid, &v.Town); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan village: %w", err)
		}
		town[v.ID] = tid
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID := map[int64]*Village{}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	if err := addHistory(ctx, q, byID, town, date); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Town != out[j].Town {
			return out[i].Town < out[j].Town
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// addHistory fills former names, former parents (of the village and of its
// town) and codes. Three whole-table reads keep it to a fixed number of
// queries however many villages there are.
func addHistory(ctx context.Context, q store.Querier, byID map[int64]*Village, town map[int64]int64, date string) error {
	err := each(ctx, q, `SELECT region_id, name FROM region_names`, func(id int64, s string) {
		if v := byID[id]; v != nil {
			v.Former = appendNew(v.Former, s)
		}
	})
	if err != nil {
		return err
	}
	err = each(ctx, q, `SELECT region_id, code FROM region_codes`, func(id int64, s string) {
		if v := byID[id]; v != nil {
			v.Codes = appendNew(v.Codes, s)
		}
	})
	if err != nil {
		return err
	}
	past := map[int64][]string{} // region → names of parents it no longer has
	err = each(ctx, q, `SELECT rp.region_id, p.name FROM region_parents rp JOIN regions p ON p.id = rp.parent_id
		WHERE rp.valid_to IS NOT NULL AND rp.valid_to <= ?`, func(id int64, s string) {
		past[id] = appendNew(past[id], s)
	}, date)
	if err != nil {
		return err
	}
	for id, v := range byID {
		for _, s := range append(past[id], past[town[id]]...) {
			if s != v.Town {
				v.WasIn = appendNew(v.WasIn, s)
			}
		}
	}
	return nil
}

func each(ctx context.Context, q store.Querier, query string, fn func(int64, string), args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("region history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return fmt.Errorf("scan region history: %w", err)
		}
		fn(id, s)
	}
	return rows.Err()
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
