package task

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/notify/jobs"
)

// CompareWarmJob keeps the unit comparison of every running campaign made
// ahead of the office's request: at 100 000 tasks the first computation
// reads every report (seconds), so the scheduler does it, not a person.
const CompareWarmJob = "task.compare_warm"

// RegisterCompareWarm runs WarmComparisons every five minutes on s. The app
// passes the store its pages use, whose cache the warmed figures fill.
func (s *Store) RegisterCompareWarm(sch *jobs.Scheduler) {
	sch.Register(CompareWarmJob, jobs.Every(5*time.Minute), func(ctx context.Context, _ jobs.Run) error {
		_, err := s.WarmComparisons(ctx)
		return err
	})
}

// WarmComparisons computes (or finds fresh in the cache) the comparison of
// each campaign running today and returns how many it warmed.
func (s *Store) WarmComparisons(ctx context.Context) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM campaigns WHERE start_date <= ? AND end_date >= ? ORDER BY id`, s.today(), s.today())
	if err != nil {
		return 0, fmt.Errorf("running campaigns: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("running campaigns: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("running campaigns: %w", err)
	}
	for _, id := range ids {
		if _, err := s.compareCached(ctx, id); err != nil {
			return 0, fmt.Errorf("warm comparison of campaign %d: %w", id, err)
		}
	}
	return len(ids), nil
}
