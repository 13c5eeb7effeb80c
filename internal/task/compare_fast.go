package task

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// The unit comparison reads every task of a campaign and all of their
// reports: seconds at 100 000 tasks / 1 000 000 reports. So it streams them
// in chunks (memory stays flat whatever the campaign's size) and keeps the
// result per campaign:
//   - within one process the result is reused while no write has been
//     committed (store generation), on the same day, for up to cacheMaxAge
//     after it was made (other processes' writes) — exact;
//   - a campaign whose comparison took longer than compareSlow to make is
//     answered from its last result for up to compareStale after it was
//     made even when writes came in since; once that result is older than
//     compareRefresh, one background run makes a new one. So a busy office
//     does not wait seconds per page, at most one core is spent refreshing,
//     and the page shows figures at most compareStale old.
const (
	compareChunk   = 500
	compareSlow    = 200 * time.Millisecond
	compareStale   = 2 * time.Minute
	compareRefresh = 30 * time.Second
)

// compareEntry is one campaign's cached comparison.
type compareEntry struct {
	flight     sync.Mutex // one computation at a time per campaign
	campaign   int64
	figs       []UnitFigures
	gen        uint64
	today      string
	at         time.Time
	took       time.Duration
	ok         bool
	refreshing bool
}

// compareCached returns the campaign's figures from the cache or computes them.
func (s *Store) compareCached(ctx context.Context, campaign int64) ([]UnitFigures, error) {
	c := s.cache
	c.mu.Lock()
	e := c.compare[campaign]
	if e == nil {
		if len(c.compare) >= maxCounts {
			clear(c.compare)
		}
		e = &compareEntry{campaign: campaign}
		c.compare[campaign] = e
	}
	c.mu.Unlock()
	if figs, ok := s.compareHit(e, true); ok {
		return figs, nil
	}
	e.flight.Lock()
	defer e.flight.Unlock()
	if figs, ok := s.compareHit(e, false); ok { // made while this one waited
		return figs, nil
	}
	return s.compareRun(ctx, e, campaign)
}

// compareHit returns a copy of e's figures when they may be used now; with
// stale, also the last figures of a slow campaign, starting a refresh.
func (s *Store) compareHit(e *compareEntry, stale bool) ([]UnitFigures, bool) {
	gen, today := s.db.Generation(), s.today()
	c := s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !e.ok || e.today != today {
		return nil, false
	}
	age := time.Since(e.at)
	switch {
	case e.gen == gen && (age < cacheMaxAge || (e.took > compareSlow && age < compareStale)):
		return slices.Clone(e.figs), true
	case stale && e.took > compareSlow && age < compareStale:
		if !e.refreshing && age >= compareRefresh {
			e.refreshing = true
			go s.compareRefresh(e)
		}
		return slices.Clone(e.figs), true
	}
	return nil, false
}

// compareRefresh makes new figures for a slow campaign in the background.
func (s *Store) compareRefresh(e *compareEntry) {
	e.flight.Lock()
	defer e.flight.Unlock()
	if _, err := s.compareRun(context.Background(), e, e.campaign); err != nil {
		slog.Warn("unit comparison refresh", "campaign", e.campaign, "err", err)
	}
	s.cache.mu.Lock()
	e.refreshing = false
	s.cache.mu.Unlock()
}

// compareRun computes the figures and stores them in e (e.flight held).
func (s *Store) compareRun(ctx context.Context, e *compareEntry, campaign int64) ([]UnitFigures, error) {
	gen, today, start := s.db.Generation(), s.today(), time.Now()
	figs, err := s.compareStream(ctx, campaign, today)
	if err != nil {
		return nil, err
	}
	c := s.cache
	c.mu.Lock()
	e.figs, e.gen, e.today, e.at, e.took, e.ok = figs, gen, today, time.Now(), time.Since(start), true
	c.mu.Unlock()
	return slices.Clone(figs), nil
}

// compareCols are taskCols without what the figures do not use (names of
// the campaign, parent, phase and people; title and content), in scanTask's
// order: one join instead of six and no long texts per task.
const compareCols = `t.id, t.campaign_id, '', COALESCE(t.parent_id, 0), '', COALESCE(t.phase_id, 0), '', '', '', t.weight,
	t.source, t.lead_unit_id, lu.name, COALESCE(t.responsible_id, 0), '', COALESCE(t.leader_id, 0), '', t.start_date, t.deadline,
	t.original_deadline, t.sign_due, t.report_cycle, t.state, t.progress, t.version, t.created_at, t.updated_at, t.signed_at`

// compareStream computes the figures of every lead unit of the campaign
// from chunks of tasks (by id) and their reports, in lead unit order.
func (s *Store) compareStream(ctx context.Context, campaign int64, today string) ([]UnitFigures, error) {
	rules, err := campaignRules(ctx, s.db, campaign)
	if err != nil {
		return nil, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return nil, err
	}
	byUnit := map[int64]*UnitFigures{}
	ts := make([]Task, 0, compareChunk)
	for last := int64(0); ; {
		ts = ts[:0]
		// +t.campaign_id: walk the tasks by id (the primary key) rather than
		// through the campaign index, which would sort the campaign per chunk.
		err := eachRow(ctx, s.db, `SELECT `+compareCols+` FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id
			WHERE +t.campaign_id = ? AND t.state NOT IN (?, ?) AND t.id > ? ORDER BY t.id LIMIT ?`, []any{campaign, StateDraft, StateCancelled, last, compareChunk}, func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			ts = append(ts, t)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("unit comparison tasks: %w", err)
		}
		if len(ts) == 0 {
			break
		}
		reports, err := reportsOf(ctx, s.db, taskIDsOf(ts))
		if err != nil {
			return nil, err
		}
		for i := range ts {
			t := &ts[i]
			u := byUnit[t.LeadUnitID]
			if u == nil {
				u = &UnitFigures{UnitID: t.LeadUnitID, Unit: t.LeadUnitName}
				byUnit[t.LeadUnitID] = u
			}
			if err := u.add(t, rules, cal, reports[t.ID], today); err != nil {
				return nil, err
			}
		}
		last = ts[len(ts)-1].ID
		if len(ts) < compareChunk {
			break
		}
	}
	figs := make([]UnitFigures, 0, len(byUnit))
	for _, u := range byUnit {
		figs = append(figs, *u)
	}
	slices.SortFunc(figs, func(a, b UnitFigures) int { return cmp.Compare(a.UnitID, b.UnitID) })
	return figs, nil
}
