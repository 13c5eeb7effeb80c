package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// CompareUnitsSlow is the unit comparison as it was first written: every
// task and report of the campaign in memory at once, nothing cached. The
// tests hold the streamed, cached CompareUnits to it.
func (s *Store) CompareUnitsSlow(ctx context.Context, p *auth.Principal, campaign int64) ([]UnitFigures, error) {
	if !p.SeesAllUnits() {
		return nil, ui.ErrForbidden
	}
	rules, err := campaignRules(ctx, s.db, campaign)
	if err != nil {
		return nil, err
	}
	cal, err := workday.Load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	var ts []Task
	err = eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.campaign_id = ? AND t.state NOT IN (?, ?) ORDER BY t.lead_unit_id, t.id`,
		[]any{campaign, StateDraft, StateCancelled}, func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			ts = append(ts, t)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("unit comparison tasks: %w", err)
	}
	reports := map[int64][]Report{}
	for ids := range slices.Chunk(taskIDsOf(ts), 500) {
		part, err := reportsOf(ctx, s.db, ids)
		if err != nil {
			return nil, err
		}
		for k, v := range part {
			reports[k] = v
		}
	}
	today := s.today()
	byUnit := map[int64]*UnitFigures{}
	var out []*UnitFigures
	for i := range ts {
		t := &ts[i]
		u := byUnit[t.LeadUnitID]
		if u == nil {
			u = &UnitFigures{UnitID: t.LeadUnitID, Unit: t.LeadUnitName}
			byUnit[t.LeadUnitID] = u
			out = append(out, u)
		}
		if err := u.add(t, rules, cal, reports[t.ID], today); err != nil {
			return nil, err
		}
	}
	figs := make([]UnitFigures, len(out))
	for i, u := range out {
		figs[i] = *u
	}
	return figs, nil
}

// ComparisonCached reports whether the campaign's comparison is in s's
// cache (for the warm-up test).
func (s *Store) ComparisonCached(campaign int64) bool {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	e := s.cache.compare[campaign]
	return e != nil && e.ok
}
