package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// NoticeCounts counts the notices issued to unit (as the lead unit) from
// from to to ('YYYY-MM-DD', both included), by rung; every rung is present.
// Assessment weighs them by rung.
func NoticeCounts(ctx context.Context, q store.Querier, unit int64, from, to string) (map[string]int, error) {
	out := map[string]int{}
	for _, r := range Rungs {
		out[r] = 0
	}
	err := eachRow(ctx, q, `SELECT rung, COUNT(*) FROM task_notices WHERE unit_id = ? AND issued_on >= ? AND issued_on <= ?
		GROUP BY rung`, []any{unit, from, to}, func(rows *sql.Rows) error {
		var rung string
		var n int
		err := rows.Scan(&rung, &n)
		out[rung] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("notice counts of unit %d: %w", unit, err)
	}
	return out, nil
}

// Named is an item the next briefing names (a red notice not yet briefed).
type Named struct {
	NoticeID int64
	Number   string
	TaskID   int64
	Title    string
	UnitID   int64
	UnitName string
	ItemKind string
	DueDate  string
	IssuedOn string
}

// NamedInNextBriefing lists the red notices of a campaign that no briefing
// has named yet, oldest first; the briefing marks them with MarkBriefed.
func NamedInNextBriefing(ctx context.Context, q store.Querier, campaign int64) ([]Named, error) {
	var out []Named
	err := eachRow(ctx, q, `SELECT n.id, n.number, t.id, t.title, n.unit_id, u.name, n.item_kind, n.due_date, n.issued_on
		FROM task_notices n JOIN tasks t ON t.id = n.task_id JOIN units u ON u.id = n.unit_id
		WHERE n.rung = 'red' AND n.briefed_at IS NULL AND t.campaign_id = ? ORDER BY n.issued_on, n.id`,
		[]any{campaign}, func(rows *sql.Rows) error {
			var n Named
			err := rows.Scan(&n.NoticeID, &n.Number, &n.TaskID, &n.Title, &n.UnitID, &n.UnitName, &n.ItemKind, &n.DueDate, &n.IssuedOn)
			out = append(out, n)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("named in next briefing: %w", err)
	}
	return out, nil
}

// MarkBriefed records, in the briefing's transaction, that the red notices
// ids were named at at.
func MarkBriefed(ctx context.Context, tx *store.Tx, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE task_notices SET briefed_at = ? WHERE briefed_at IS NULL AND id IN (`+store.Placeholders(len(ids))+`)`,
		append([]any{at.UTC()}, store.IDArgs(ids)...)...)
	if err != nil {
		return fmt.Errorf("mark briefed: %w", err)
	}
	return nil
}
