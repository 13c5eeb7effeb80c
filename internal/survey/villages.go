package survey

import (
	"context"
	"fmt"
	"strconv"

	"tongchou/internal/store"
)

// Place is a village or community a village question offers, with the town,
// township or sub-district it belongs to today.
type Place struct {
	ID     int64
	Name   string
	Parent string
}

// Label is "青石镇 石桥村".
func (p Place) Label() string {
	if p.Parent == "" {
		return p.Name
	}
	return p.Parent + " " + p.Name
}

// Villages lists today's villages and communities grouped by their parent.
// It reads the region tables in one query (org's per-region lookups would
// take one query per village on every public form view).
func Villages(ctx context.Context, q store.Querier, day string) ([]Place, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.name, COALESCE(p.name, '') FROM regions r
		LEFT JOIN region_parents rp ON rp.region_id = r.id AND rp.valid_from <= ? AND (rp.valid_to IS NULL OR rp.valid_to > ?)
		LEFT JOIN regions p ON p.id = rp.parent_id
		WHERE r.level IN ('village', 'community') ORDER BY COALESCE(p.id, 0), r.id`, day, day)
	if err != nil {
		return nil, fmt.Errorf("villages: %w", err)
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Name, &p.Parent); err != nil {
			return nil, fmt.Errorf("villages: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// villageSet is the ids of places, for ParseAnswers.
func villageSet(places []Place) map[int64]bool {
	m := make(map[int64]bool, len(places))
	for _, p := range places {
		m[p.ID] = true
	}
	return m
}

// villageLabels maps a region id as stored in answers to its label.
func villageLabels(places []Place) map[string]string {
	m := make(map[string]string, len(places))
	for _, p := range places {
		m[strconv.FormatInt(p.ID, 10)] = p.Label()
	}
	return m
}
