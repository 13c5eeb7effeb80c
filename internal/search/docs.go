package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"tongchou/internal/store"
)

// Put stores the search document of one thing (kind, e.g. "task", and its
// id) made from texts, replacing the one before, inside the caller's
// transaction so the index changes with the data. Callers call it wherever
// the texts change; there are no triggers.
func Put(ctx context.Context, tx store.Querier, kind string, ref int64, texts ...string) error {
	doc := Doc(texts...)
	d := tx.Dialect()
	del, add := d.FullTextSync("search_docs", "tokens")
	var id int64
	var old string
	err := tx.QueryRow(ctx, `SELECT id, tokens FROM search_docs WHERE kind = ? AND ref_id = ?`, kind, ref).Scan(&id, &old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, err = store.InsertID(ctx, tx, `INSERT INTO search_docs (kind, ref_id, tokens) VALUES (?, ?, ?)`, kind, ref, doc)
		if err != nil {
			return fmt.Errorf("insert search doc %s %d: %w", kind, ref, err)
		}
	case err != nil:
		return fmt.Errorf("read search doc %s %d: %w", kind, ref, err)
	case old == doc:
		return nil
	default:
		if del != "" {
			if _, err := tx.Exec(ctx, del, id, old); err != nil {
				return fmt.Errorf("unindex search doc %s %d: %w", kind, ref, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE search_docs SET tokens = ? WHERE id = ?`, doc, id); err != nil {
			return fmt.Errorf("update search doc %s %d: %w", kind, ref, err)
		}
	}
	if add != "" {
		if _, err := tx.Exec(ctx, add, id, doc); err != nil {
			return fmt.Errorf("index search doc %s %d: %w", kind, ref, err)
		}
	}
	return nil
}

// Match is an SQL condition that refCol (an id column of the caller's query)
// is a thing of kind whose document holds every token of the user's query q,
// and its arguments. A query without any token (only punctuation) matches
// nothing rather than everything: the user asked for something.
func Match(d store.Dialect, kind, refCol, q string) (string, []any) {
	toks := QueryTokens(q)
	if len(toks) == 0 {
		return "1 = 0", nil
	}
	cond, arg := d.FullTextMatch("search_docs", "d.id", "d.tokens", toks)
	return refCol + " IN (SELECT d.ref_id FROM search_docs d WHERE d.kind = ? AND " + cond + ")", []any{kind, arg}
}

// Missing lists up to limit ids from the query ids (a SELECT of one id column)
// that have no document of kind yet, for a backfill after an upgrade.
func Missing(ctx context.Context, q store.Querier, kind, ids string, limit int) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT x.id FROM (`+ids+`) x WHERE NOT EXISTS
		(SELECT 1 FROM search_docs d WHERE d.kind = ? AND d.ref_id = x.id) ORDER BY x.id LIMIT ?`, kind, limit)
	if err != nil {
		return nil, fmt.Errorf("unindexed %s: %w", kind, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("unindexed %s: %w", kind, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
