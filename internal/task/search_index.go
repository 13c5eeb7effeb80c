package task

import (
	"context"
	"fmt"

	"tongchou/internal/search"
	"tongchou/internal/store"
)

// searchKind names tasks' documents in the search index.
const searchKind = "task"

// indexSearch refreshes task id's search document from its title, content
// and the texts of all its reports, inside the caller's transaction. The task
// store calls it wherever those change (create, edit, report submitted).
func indexSearch(ctx context.Context, q store.Querier, id int64) error {
	texts := make([]string, 0, 8)
	var title, content string
	if err := q.QueryRow(ctx, `SELECT title, content FROM tasks WHERE id = ?`, id).Scan(&title, &content); err != nil {
		return fmt.Errorf("read task %d for search: %w", id, err)
	}
	texts = append(texts, title, content)
	rows, err := q.Query(ctx, `SELECT work_done, problems, next_steps FROM task_reports WHERE task_id = ? ORDER BY id`, id)
	if err != nil {
		return fmt.Errorf("read reports of task %d for search: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var done, problems, next string
		if err := rows.Scan(&done, &problems, &next); err != nil {
			return fmt.Errorf("read report for search: %w", err)
		}
		texts = append(texts, done, problems, next)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read reports of task %d for search: %w", id, err)
	}
	return search.Put(ctx, q, searchKind, id, texts...)
}

// ReindexSearch indexes the tasks that have no search document yet (those
// stored before search existed, or written by a loader that bypassed the
// store) in batches, and returns how many it indexed. Start-up calls it; it
// is cheap when nothing is missing.
func (s *Store) ReindexSearch(ctx context.Context) (int, error) {
	n := 0
	for {
		ids, err := search.Missing(ctx, s.db, searchKind, `SELECT id FROM tasks`, 500)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			for _, id := range ids {
				if err := indexSearch(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(ids)
	}
}

// searchWhere is the board's condition for the search words in f.Q: the
// task's title, content or reports hold every word.
func (f Filter) searchWhere() (string, []any) {
	return search.Match(f.engine, searchKind, "t.id", f.Q)
}
