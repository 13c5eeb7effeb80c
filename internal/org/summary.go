package org

import (
	"context"
	"errors"
	"fmt"

	"tongchou/internal/store"
)

// Counts are the totals the system administrator's home page shows.
type Counts struct {
	Units, Users, Regions int
}

// CountAll counts units, accounts and regions.
func (s *Store) CountAll(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM regions)`).
		Scan(&c.Units, &c.Users, &c.Regions)
	if err != nil {
		return c, fmt.Errorf("count org: %w", err)
	}
	return c, nil
}

// TransferRecord is a past or scheduled transfer, read from the parent history:
// a town whose parent link ends on the day a link to another parent begins.
type TransferRecord struct {
	Region   Region
	From, To string // parent names
	Date     string
	Villages int // villages and communities under the region on the date
}

// Transfers lists the transfers of towns and townships, newest first.
func (s *Store) Transfers(ctx context.Context) ([]TransferRecord, error) {
	rows, err := s.db.Query(ctx, `SELECT r.id, r.level, r.name, po.name, pn.name, n.valid_from
		FROM region_parents n JOIN region_parents o ON o.region_id = n.region_id AND o.valid_to = n.valid_from
		JOIN regions r ON r.id = n.region_id JOIN regions po ON po.id = o.parent_id JOIN regions pn ON pn.id = n.parent_id
		WHERE o.parent_id <> n.parent_id AND r.level IN ('town', 'township') ORDER BY n.valid_from DESC, r.id`)
	if err != nil {
		return nil, fmt.Errorf("transfers: %w", err)
	}
	var out []TransferRecord
	for rows.Next() {
		var t TransferRecord
		if err := rows.Scan(&t.Region.ID, &t.Region.Level, &t.Region.Name, &t.From, &t.To, &t.Date); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, t := range out {
		kids, err := s.ChildrenOn(ctx, t.Region.ID, t.Date)
		if err != nil {
			return nil, err
		}
		out[i].Villages = len(kids)
		out[i].Region.Code, _ = s.CodeOn(ctx, t.Region.ID, t.Date)
	}
	return out, nil
}

// Station returns the region a user is stationed in; ok is false when none.
func (s *Store) Station(ctx context.Context, userID int64) (Region, bool, error) {
	var rid int64
	err := s.db.QueryRow(ctx, `SELECT region_id FROM user_stations WHERE user_id = ?`, userID).Scan(&rid)
	if err := store.NotFound(err, "station"); errors.Is(err, store.ErrNotFound) {
		return Region{}, false, nil
	} else if err != nil {
		return Region{}, false, err
	}
	r, err := s.Region(ctx, rid, "")
	return r, err == nil, err
}
