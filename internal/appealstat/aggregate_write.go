package appealstat

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"tongchou/internal/store"
)

// findRepeats marks each appeal that repeats an earlier one: the same person (keyed hash
// of the normalised phone number) or the same place and category, received within the 30
// days before it. "Earlier" is by receipt time, ties broken by id, so a full recount and
// the incremental runs agree whatever order the appeals were registered in.
func findRepeats(ctx context.Context, q store.Querier, batch []fresh) error {
	for i := range batch {
		f := &batch[i]
		since := f.received.Add(-RepeatWindow).UTC()
		var err error
		if f.phoneHash != "" {
			if f.byPhone, err = earlier(ctx, q, `phone_hash = ?`, []any{f.phoneHash}, f, since); err != nil {
				return err
			}
		}
		if f.region != 0 && f.category != 0 {
			if f.byPlace, err = earlier(ctx, q, `region_id = ? AND category_id = ?`, []any{f.region, f.category}, f, since); err != nil {
				return err
			}
		}
	}
	return nil
}

// earlier returns the latest appeal matching cond received in [since, f.received] before
// f, or 0.
func earlier(ctx context.Context, q store.Querier, cond string, args []any, f *fresh, since any) (int64, error) {
	args = append(args, since, f.received, f.received, f.id)
	var id int64
	// The closed range [since, received] lets the index (…, received_at) seek to f's receipt
	// and step back: with the tie-break inside an OR instead, SQLite would start from the
	// place's newest appeal and walk back over every later one.
	err := q.QueryRow(ctx, `SELECT id FROM appeals WHERE `+cond+` AND received_at >= ? AND received_at <= ?
		AND (received_at < ? OR id < ?) ORDER BY received_at DESC, id DESC LIMIT 1`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find the appeal %d repeats: %w", f.id, err)
	}
	return id, nil
}

type dayKey struct {
	day              string
	category, region int64
}

type dayCount struct{ n, byPhone, byPlace, any int }

type termKey struct{ week, term string }

// writeCounts adds the batch to the daily and weekly tables and records each appeal as
// seen (with its repeat links).
func writeCounts(ctx context.Context, tx *store.Tx, batch []fresh) error {
	days := map[dayKey]*dayCount{}
	words := map[termKey]int{}
	var seen, repeats [][]any
	for _, f := range batch {
		k := dayKey{f.day, f.category, f.region}
		c := days[k]
		if c == nil {
			c = &dayCount{}
			days[k] = c
		}
		c.n++
		if f.byPhone != 0 {
			c.byPhone++
		}
		if f.byPlace != 0 {
			c.byPlace++
		}
		if f.byPhone != 0 || f.byPlace != 0 {
			c.any++
		}
		week := isoWeek(f.day)
		for _, t := range f.terms {
			words[termKey{week, t}]++
		}
		seen = append(seen, []any{f.id})
		if f.byPhone != 0 || f.byPlace != 0 {
			repeats = append(repeats, []any{f.id, f.day, store.NullID(f.byPhone), store.NullID(f.byPlace)})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO appealstat_seen (appeal_id) VALUES `, "(?)", seen); err != nil {
		return fmt.Errorf("mark appeals seen: %w", err)
	}
	if err := insertRows(ctx, tx, `INSERT INTO appealstat_repeats (appeal_id, day, phone_of, place_of) VALUES `, "(?, ?, ?, ?)", repeats); err != nil {
		return fmt.Errorf("flag repeats: %w", err)
	}
	for k, c := range days {
		if _, err := tx.Exec(ctx, `INSERT INTO appealstat_daily (day, category_id, region_id, n, repeat_phone, repeat_place, repeat_any)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, category_id, region_id) DO UPDATE SET n = appealstat_daily.n + excluded.n,
			repeat_phone = appealstat_daily.repeat_phone + excluded.repeat_phone,
			repeat_place = appealstat_daily.repeat_place + excluded.repeat_place,
			repeat_any = appealstat_daily.repeat_any + excluded.repeat_any`,
			k.day, k.category, k.region, c.n, c.byPhone, c.byPlace, c.any); err != nil {
			return fmt.Errorf("add daily counts: %w", err)
		}
	}
	for k, n := range words {
		if _, err := tx.Exec(ctx, `INSERT INTO appealstat_terms (week, term, n) VALUES (?, ?, ?)
			ON CONFLICT (week, term) DO UPDATE SET n = appealstat_terms.n + excluded.n`, k.week, k.term, n); err != nil {
			return fmt.Errorf("add term counts: %w", err)
		}
	}
	return nil
}

// rowsPerStatement bounds a multi-row INSERT (PostgreSQL takes at most 65,535 parameters).
const rowsPerStatement = 500

// insertRows writes rows with as few statements as possible: one statement per row spends
// most of its time on the round trip, not on the write.
func insertRows(ctx context.Context, tx *store.Tx, head, tuple string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerStatement)
		var sb strings.Builder
		sb.WriteString(head)
		args := make([]any, 0, n*len(rows[0]))
		for i, r := range rows[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(tuple)
			args = append(args, r...)
		}
		if _, err := tx.Exec(ctx, sb.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
