package appeal

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// Rule is an auto-dispatch rule: appeals of CategoryID (0: any) from
// RegionID (0: any) go to UnitID on receipt.
type Rule struct {
	ID         int64
	CategoryID int64
	Category   string
	RegionID   int64
	Region     string
	UnitID     int64
	Unit       string
	Active     bool
}

// autoDispatch applies a matching rule to a just received appeal.
func (s *Store) autoDispatch(ctx context.Context, tx *store.Tx, id, category, region int64, now time.Time) error {
	r, err := s.refsFor(ctx, tx)
	if err != nil {
		return err
	}
	unit := r.rule(category, region)
	if unit == 0 {
		return nil
	}
	a, err := byID(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := s.dispatch(ctx, tx, &a, unit, true, now); err != nil {
		return err
	}
	return s.move(ctx, tx, nil, &a, "dispatch_rule", StateDispatched, unit, "", []string{"unit_id = ?"}, []any{unit}, now)
}

// Rules lists the auto-dispatch rules.
func (s *Store) Rules(ctx context.Context) ([]Rule, error) {
	rows, err := s.db.Query(ctx, `SELECT d.id, COALESCE(d.category_id, 0), COALESCE(c.name, ''), COALESCE(d.region_id, 0),
		COALESCE(r.name, ''), d.unit_id, u.name, d.active FROM appeal_dispatch_rules d
		LEFT JOIN appeal_categories c ON c.id = d.category_id LEFT JOIN regions r ON r.id = d.region_id
		JOIN units u ON u.id = d.unit_id ORDER BY d.id`)
	if err != nil {
		return nil, fmt.Errorf("list dispatch rules: %w", err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.ID, &r.CategoryID, &r.Category, &r.RegionID, &r.Region, &r.UnitID, &r.Unit, &r.Active); err != nil {
			return nil, fmt.Errorf("scan dispatch rule: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
