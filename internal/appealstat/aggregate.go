package appealstat

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"
	"time"

	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
)

// AggregateJob is the scheduler job that brings the hot-issue tables up to date.
const AggregateJob = "appealstat.aggregate"

// RepeatWindow is how far back an earlier appeal makes a new one a repeat (重复诉求).
const RepeatWindow = 30 * 24 * time.Hour

// lookback is how many ids below the watermark each run checks again. On PostgreSQL ids
// are handed out before commit, so a row with a lower id can become visible after a
// higher one was counted; appealstat_seen tells which of these were counted already.
const lookback = 2000

// Aggregator keeps the hot-issue tables (appealstat_daily, appealstat_terms,
// appealstat_repeats) up to date incrementally: each run reads only the appeals added
// since its watermark, so the hot-issue page never scans all appeals.
//
// An appeal is counted once, when first seen, by its category and region at that time;
// a later reclassification is not followed until Recount.
type Aggregator struct {
	db  *store.DB
	now func() time.Time
	// Batch is how many appeals one transaction processes.
	Batch int

	mu     sync.Mutex
	terms  *Terms
	places int // the number of place names the segmenter was built with
}

// NewAggregator returns an aggregator on db.
func NewAggregator(db *store.DB, now func() time.Time) *Aggregator {
	return &Aggregator{db: db, now: now, Batch: 2000}
}

// Register runs the aggregation every minute.
func (a *Aggregator) Register(s *jobs.Scheduler) {
	s.Register(AggregateJob, jobs.Every(time.Minute), func(ctx context.Context, _ jobs.Run) error {
		_, err := a.Run(ctx)
		return err
	})
}

// Run processes every appeal not yet counted, batch by batch, and returns how many.
func (a *Aggregator) Run(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := a.step(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// Recount empties the aggregate tables and counts every appeal again: the repair after
// appeals were reclassified or deleted, and the reference the tests compare Run with.
func (a *Aggregator) Recount(ctx context.Context) (int, error) {
	err := a.db.InTx(ctx, func(tx *store.Tx) error {
		for _, t := range []string{"appealstat_daily", "appealstat_terms", "appealstat_repeats", "appealstat_seen", "appealstat_marks"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("empty %s: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return a.Run(ctx)
}

// fresh is one appeal to count.
type fresh struct {
	id, category, region int64
	received             time.Time
	phoneHash, text      string
	day                  string
	terms                []string
	byPhone, byPlace     int64 // the earlier appeal it repeats, or 0
}

// step counts one batch. The reading, cutting and repeat lookups run on the read pool
// outside the write transaction, which on SQLite is the one write connection that intake
// also needs: the transaction holds only the inserts. Only one worker runs the job at a
// time (the scheduler's lease); were two to count the same appeal, the second insert into
// appealstat_seen would fail and roll its whole batch back.
func (a *Aggregator) step(ctx context.Context) (int, error) {
	terms, err := a.segmenter(ctx)
	if err != nil {
		return 0, err
	}
	mark, err := watermark(ctx, a.db)
	if err != nil {
		return 0, err
	}
	batch, err := a.unseen(ctx, a.db, mark)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	cut(terms, batch)
	if err := findRepeats(ctx, a.db, batch); err != nil {
		return 0, err
	}
	err = a.db.InTx(ctx, func(tx *store.Tx) error {
		if err := writeCounts(ctx, tx, batch); err != nil {
			return err
		}
		return setWatermark(ctx, tx, max(mark, batch[len(batch)-1].id), a.now().UTC())
	})
	if err != nil {
		return 0, err
	}
	return len(batch), nil
}

// unseen reads the next batch: appeals above the watermark, and the few just below it
// that were not counted yet (see lookback).
func (a *Aggregator) unseen(ctx context.Context, q store.Querier, mark int64) ([]fresh, error) {
	rows, err := q.Query(ctx, `SELECT a.id, COALESCE(a.category_id, 0), COALESCE(a.region_id, 0), a.received_at,
			COALESCE(a.phone_hash, ''), COALESCE(a.description, '')
		FROM appeals a WHERE a.id > ? AND NOT EXISTS (SELECT 1 FROM appealstat_seen s WHERE s.appeal_id = a.id)
		ORDER BY a.id LIMIT ?`, mark-lookback, a.Batch)
	if err != nil {
		return nil, fmt.Errorf("read new appeals: %w", err)
	}
	defer rows.Close()
	var out []fresh
	for rows.Next() {
		var f fresh
		var phone sql.NullString
		if err := rows.Scan(&f.id, &f.category, &f.region, &f.received, &phone, &f.text); err != nil {
			return nil, fmt.Errorf("scan appeal: %w", err)
		}
		f.phoneHash = phone.String
		f.received = f.received.UTC()
		f.day = shanghaiDay(f.received)
		out = append(out, f)
	}
	return out, rows.Err()
}

// cut segments the texts on every core: segmentation is the costly part of a run.
func cut(terms *Terms, batch []fresh) {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				batch[i].terms = terms.Cut(batch[i].text)
			}
		}()
	}
	wg.Wait()
}

// segmenter returns the term cutter, rebuilt when the number of regions changed so that
// new place names stay whole.
func (a *Aggregator) segmenter(ctx context.Context) (*Terms, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var n int
	if err := a.db.QueryRow(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
		return nil, fmt.Errorf("count regions: %w", err)
	}
	if a.terms != nil && n == a.places {
		return a.terms, nil
	}
	names, err := placeNames(ctx, a.db)
	if err != nil {
		return nil, err
	}
	t, err := NewTerms(names)
	if err != nil {
		return nil, err
	}
	a.terms, a.places = t, n
	return t, nil
}

// placeNames lists region names, current and former.
func placeNames(ctx context.Context, q store.Querier) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT name FROM regions UNION SELECT name FROM region_names`)
	if err != nil {
		return nil, fmt.Errorf("read place names: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func watermark(ctx context.Context, q store.Querier) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT last_id FROM appealstat_marks WHERE name = 'hot'`).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read watermark: %w", err)
	}
	return id, nil
}

func setWatermark(ctx context.Context, tx *store.Tx, id int64, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO appealstat_marks (name, last_id, updated_at) VALUES ('hot', ?, ?)
		ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at`, id, now)
	if err != nil {
		return fmt.Errorf("save watermark: %w", err)
	}
	return nil
}
