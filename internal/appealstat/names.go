package appealstat

import (
	"context"
	"fmt"

	"tongchou/internal/store"
)

// names are the labels and the transferred set the hot page needs; small tables, read
// per request.
type names struct {
	categories  map[int64]string
	regions     map[int64]string
	parents     map[int64]string // a region's current parent
	transferred map[int64]bool
}

// transferredSQL selects the towns and townships that moved to another parent (划转, read
// from the parent links' history as internal/org records it) and the regions under them.
const transferredSQL = `WITH moved AS (
		SELECT o.region_id FROM region_parents o JOIN region_parents n ON n.region_id = o.region_id AND n.valid_from = o.valid_to
		JOIN regions r ON r.id = o.region_id
		WHERE o.parent_id <> n.parent_id AND r.level IN ('town', 'township'))
	SELECT region_id FROM moved
	UNION SELECT rp.region_id FROM region_parents rp WHERE rp.parent_id IN (SELECT region_id FROM moved)`

func loadNames(ctx context.Context, q store.Querier, lang string) (names, error) {
	n := names{categories: map[int64]string{0: "—"}, regions: map[int64]string{0: "—"}, parents: map[int64]string{},
		transferred: map[int64]bool{}}
	catName := "name"
	if lang == "en" {
		catName = "CASE WHEN name_en <> '' THEN name_en ELSE name END"
	}
	if err := scanPairs(ctx, q, `SELECT id, `+catName+` FROM appeal_categories`, func(id int64, s string) { n.categories[id] = s }); err != nil {
		return n, err
	}
	if err := scanPairs(ctx, q, `SELECT id, name FROM regions`, func(id int64, s string) { n.regions[id] = s }); err != nil {
		return n, err
	}
	if err := scanPairs(ctx, q, `SELECT rp.region_id, p.name FROM region_parents rp JOIN regions p ON p.id = rp.parent_id
		WHERE rp.valid_to IS NULL`, func(id int64, s string) { n.parents[id] = s }); err != nil {
		return n, err
	}
	rows, err := q.Query(ctx, transferredSQL)
	if err != nil {
		return n, fmt.Errorf("read transferred regions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return n, err
		}
		n.transferred[id] = true
	}
	return n, rows.Err()
}

func scanPairs(ctx context.Context, q store.Querier, query string, set func(int64, string)) error {
	rows, err := q.Query(ctx, query)
	if err != nil {
		return fmt.Errorf("read names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return fmt.Errorf("scan names: %w", err)
		}
		set(id, s)
	}
	return rows.Err()
}
