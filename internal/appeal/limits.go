package appeal

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// Limit is a time limit: Amount clock hours (holidays included) or Amount
// working days counted from the day after the start, ending at the end of
// that working day (Shanghai time).
type Limit struct {
	Unit   string // "hours" or "workdays"
	Amount int
}

// Limit units.
const (
	UnitHours    = "hours"
	UnitWorkdays = "workdays"
)

// Limit kinds beside the classes.
const (
	KindSign     = "sign"     // 签收: from dispatch to signing
	KindCallback = "callback" // 回访: from the approved answer
)

// DefaultLimits are the documented defaults (issue 5 §2), used when the
// office configured nothing for a kind: urgent 24 clock hours from receipt,
// holidays included; enquiry or request for help 3 working days; complaint,
// report or suggestion 13 working days; signing 1 working day after
// dispatch; 回访 the working day after the answer.
var DefaultLimits = map[string]Limit{
	ClassUrgent:    {UnitHours, 24},
	ClassEnquiry:   {UnitWorkdays, 3},
	ClassComplaint: {UnitWorkdays, 13},
	KindSign:       {UnitWorkdays, 1},
	KindCallback:   {UnitWorkdays, 1},
}

// Due is the end of the limit l started at from: from + l.Amount hours, or
// 23:59:59 Shanghai time on the l.Amount-th working day after from's date.
func Due(cal *workday.Calendar, l Limit, from time.Time) time.Time {
	if l.Unit == UnitHours {
		return from.Add(time.Duration(l.Amount) * time.Hour).UTC()
	}
	d := cal.AddWorkdays(from.In(ui.Shanghai), l.Amount)
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, ui.Shanghai).UTC()
}

type limitKey struct {
	kind     string
	category int64
}

// limitSet is the configured limits; a missing entry falls back to the
// class-wide row, then to DefaultLimits.
type limitSet struct{ m map[limitKey]Limit }

func (ls *limitSet) get(kind string, category int64) Limit {
	if l, ok := ls.m[limitKey{kind, category}]; ok {
		return l
	}
	if l, ok := ls.m[limitKey{kind, 0}]; ok {
		return l
	}
	if l, ok := DefaultLimits[kind]; ok {
		return l
	}
	return DefaultLimits[ClassComplaint]
}

// limitsFor reads the configured limits, cached for cacheFor.
func (s *Store) limitsFor(ctx context.Context, q store.Querier) (*limitSet, error) {
	s.limitMu.Lock()
	defer s.limitMu.Unlock()
	if s.limits != nil && time.Since(s.limitAt) < cacheFor {
		return s.limits, nil
	}
	rows, err := q.Query(ctx, `SELECT kind, category_id, unit, amount FROM appeal_limits`)
	if err != nil {
		return nil, fmt.Errorf("read appeal limits: %w", err)
	}
	defer rows.Close()
	ls := &limitSet{m: map[limitKey]Limit{}}
	for rows.Next() {
		var k limitKey
		var cat sql.NullInt64
		var l Limit
		if err := rows.Scan(&k.kind, &cat, &l.Unit, &l.Amount); err != nil {
			return nil, fmt.Errorf("scan appeal limit: %w", err)
		}
		k.category = cat.Int64
		ls.m[k] = l
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read appeal limits: %w", err)
	}
	s.limits, s.limitAt = ls, time.Now()
	return ls, nil
}

// dueFor computes the end of the kind's limit (a class, KindSign or
// KindCallback) for category, started at from.
func (s *Store) dueFor(ctx context.Context, q store.Querier, kind string, category int64, from time.Time) (time.Time, error) {
	ls, err := s.limitsFor(ctx, q)
	if err != nil {
		return time.Time{}, err
	}
	cal, err := s.calendar(ctx, q)
	if err != nil {
		return time.Time{}, err
	}
	return Due(cal, ls.get(kind, category), from), nil
}

// SetLimit configures the limit of kind (a class, KindSign or KindCallback)
// for category (0: the whole kind). The caller checks the office role.
func (s *Store) SetLimit(ctx context.Context, tx *store.Tx, kind string, category int64, l Limit) error {
	if l.Amount <= 0 || l.Amount > 365 || (l.Unit != UnitHours && l.Unit != UnitWorkdays) {
		return ui.Errors{"amount": "appeal.err.limit"}
	}
	del, args := `DELETE FROM appeal_limits WHERE kind = ? AND category_id IS NULL`, []any{kind}
	if category != 0 {
		del, args = `DELETE FROM appeal_limits WHERE kind = ? AND category_id = ?`, []any{kind, category}
	}
	if _, err := tx.Exec(ctx, del, args...); err != nil {
		return fmt.Errorf("clear appeal limit: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO appeal_limits (kind, category_id, unit, amount) VALUES (?, ?, ?, ?)`,
		kind, store.NullID(category), l.Unit, l.Amount); err != nil {
		return fmt.Errorf("save appeal limit: %w", err)
	}
	s.ForgetCache()
	return nil
}
