package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Notice is an issued rung of the ladder: a reminder, 催办单, 督办单 or the
// red flag for the briefing.
type Notice struct {
	ID         int64
	TaskID     int64
	TaskTitle  string
	ItemKind   string
	DueDate    string
	Rung       string
	Number     string
	UnitID     int64
	UnitName   string
	IssuerName string
	Recipients string
	ReplyBy    string
	IssuedOn   string
	IssuedAt   time.Time
	Briefed    bool
}

const noticeCols = `n.id, n.task_id, t.title, n.item_kind, n.due_date, n.rung, n.number, n.unit_id, u.name, iu.name,
	n.recipients, n.reply_by, n.issued_on, n.issued_at, n.briefed_at IS NOT NULL
	FROM task_notices n JOIN tasks t ON t.id = n.task_id JOIN units u ON u.id = n.unit_id JOIN units iu ON iu.id = n.issuer_unit_id`

func scanNotice(sc interface{ Scan(...any) error }) (Notice, error) {
	var n Notice
	err := sc.Scan(&n.ID, &n.TaskID, &n.TaskTitle, &n.ItemKind, &n.DueDate, &n.Rung, &n.Number, &n.UnitID, &n.UnitName,
		&n.IssuerName, &n.Recipients, &n.ReplyBy, &n.IssuedOn, &n.IssuedAt, &n.Briefed)
	return n, err
}

// seesNotice reports whether p may see a notice to unit: the office and
// leaders see all, a unit's people those to their units.
func seesNotice(p *auth.Principal, unit int64) bool {
	return p.SeesAllUnits() || (p.HasBusinessRole() && p.InScope(unit))
}

// Notice returns one notice p may see; another unit's is store.ErrNotFound.
func (s *Store) Notice(ctx context.Context, p *auth.Principal, id int64) (Notice, error) {
	n, err := scanNotice(s.db.QueryRow(ctx, `SELECT `+noticeCols+` WHERE n.id = ?`, id))
	if err := store.NotFound(err, "notice"); err != nil {
		return Notice{}, err
	}
	if !seesNotice(p, n.UnitID) {
		return Notice{}, fmt.Errorf("notice %d outside scope: %w", id, store.ErrNotFound)
	}
	return n, nil
}

// TaskNotices lists the notices of a task p may see (scope is the task's:
// Get first), oldest first; a co-unit sees only those to its own units.
func (s *Store) TaskNotices(ctx context.Context, p *auth.Principal, task int64) (Task, []Notice, error) {
	t, err := s.Get(ctx, p, task)
	if err != nil {
		return t, nil, err
	}
	var out []Notice
	err = eachRow(ctx, s.db, `SELECT `+noticeCols+` WHERE n.task_id = ? ORDER BY n.issued_at, n.id`, []any{task},
		func(rows *sql.Rows) error {
			n, err := scanNotice(rows)
			if err == nil && seesNotice(p, n.UnitID) {
				out = append(out, n)
			}
			return err
		})
	return t, out, err
}
