package appeal

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// refs is what intake checks an appeal against and routes it by: the
// active categories with their classes, the regions that exist and the
// active auto-dispatch rules. Public intake reads it thousands of times a
// second while it changes a few times a year, so it is cached for cacheFor
// (an edit through this store drops it at once; another instance of the
// store sees the edit within cacheFor).
type refs struct {
	classes map[int64]string // active categories
	regions map[int64]bool
	rules   map[[2]int64]int64 // {category, region} (0 = any) → unit
}

func (s *Store) refsFor(ctx context.Context, q store.Querier) (*refs, error) {
	s.refsMu.Lock()
	defer s.refsMu.Unlock()
	if s.refs != nil && time.Since(s.refsAt) < cacheFor {
		return s.refs, nil
	}
	r := &refs{classes: map[int64]string{}, regions: map[int64]bool{}, rules: map[[2]int64]int64{}}
	err := scanEach(ctx, q, `SELECT id, class FROM appeal_categories WHERE active = TRUE`, func(sc scanner) error {
		var id int64
		var class string
		err := sc.Scan(&id, &class)
		r.classes[id] = class
		return err
	})
	if err == nil {
		err = scanEach(ctx, q, `SELECT id FROM regions`, func(sc scanner) error {
			var id int64
			err := sc.Scan(&id)
			r.regions[id] = true
			return err
		})
	}
	if err == nil {
		// Oldest first, so the first rule of a key wins as ruleFor's ORDER BY id did.
		err = scanEach(ctx, q, `SELECT COALESCE(category_id, 0), COALESCE(region_id, 0), unit_id FROM appeal_dispatch_rules
			WHERE active = TRUE ORDER BY id`, func(sc scanner) error {
			var k [2]int64
			var unit int64
			if err := sc.Scan(&k[0], &k[1], &unit); err != nil {
				return err
			}
			if _, ok := r.rules[k]; !ok {
				r.rules[k] = unit
			}
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("appeal references: %w", err)
	}
	s.refs, s.refsAt = r, time.Now()
	return r, nil
}

// rule is the unit of the most specific rule for a category and region:
// both set, then region only, then category only; 0 when none.
func (r *refs) rule(category, region int64) int64 {
	for _, k := range [][2]int64{{category, region}, {0, region}, {category, 0}} {
		if k[0] == 0 && k[1] == 0 {
			continue
		}
		if u, ok := r.rules[k]; ok {
			return u
		}
	}
	return 0
}

type scanner interface{ Scan(...any) error }

func scanEach(ctx context.Context, q store.Querier, query string, fn func(scanner) error) error {
	rows, err := q.Query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
