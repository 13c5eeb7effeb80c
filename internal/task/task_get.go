package task

import (
	"context"
	"database/sql"
	"fmt"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// taskCols are the columns scanTask reads, on alias t.
const taskCols = `t.id, t.campaign_id, c.name, COALESCE(t.parent_id, 0), COALESCE(pt.title, ''), COALESCE(t.phase_id, 0),
	COALESCE(ph.name, ''), t.title, t.content, t.weight, t.source, t.lead_unit_id, lu.name, COALESCE(t.responsible_id, 0),
	COALESCE(ru.name, ''), COALESCE(t.leader_id, 0), COALESCE(le.name, ''), t.start_date, t.deadline, t.original_deadline,
	t.sign_due, t.report_cycle, t.state, t.progress, t.version, t.created_at, t.updated_at, t.signed_at`

// taskFrom joins what taskCols names.
const taskFrom = ` FROM tasks t JOIN campaigns c ON c.id = t.campaign_id JOIN units lu ON lu.id = t.lead_unit_id
	LEFT JOIN tasks pt ON pt.id = t.parent_id LEFT JOIN campaign_phases ph ON ph.id = t.phase_id
	LEFT JOIN users ru ON ru.id = t.responsible_id LEFT JOIN users le ON le.id = t.leader_id`

func scanTask(sc interface{ Scan(...any) error }) (Task, error) {
	var t Task
	err := sc.Scan(&t.ID, &t.CampaignID, &t.CampaignName, &t.ParentID, &t.ParentTitle, &t.PhaseID, &t.PhaseName, &t.Title,
		&t.Content, &t.Weight, &t.Source, &t.LeadUnitID, &t.LeadUnitName, &t.ResponsibleID, &t.ResponsibleName, &t.LeaderID,
		&t.LeaderName, &t.StartDate, &t.Deadline, &t.OriginalDeadline, &t.SignDue, &t.ReportCycle, &t.State, &t.Progress,
		&t.Version, &t.CreatedAt, &t.UpdatedAt, &t.SignedAt)
	return t, err
}

// Get returns a task the viewer may see; another unit's task is
// store.ErrNotFound, exactly as a missing one.
func (s *Store) Get(ctx context.Context, p *auth.Principal, id int64) (Task, error) {
	return s.get(ctx, s.db, p, id)
}

// GetIn is Get inside the caller's transaction (for the reports helper).
func (s *Store) GetIn(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64) (Task, error) {
	return s.get(ctx, tx, p, id)
}

func (s *Store) get(ctx context.Context, q store.Querier, p *auth.Principal, id int64) (Task, error) {
	t, err := scanTask(q.QueryRow(ctx, `SELECT `+taskCols+taskFrom+` WHERE t.id = ?`, id))
	if err := store.NotFound(err, "task"); err != nil {
		return Task{}, err
	}
	if err := loadLists(ctx, q, &t); err != nil {
		return Task{}, err
	}
	if !sees(p, &t) {
		return Task{}, fmt.Errorf("task %d outside scope: %w", id, store.ErrNotFound)
	}
	return t, nil
}

// loadLists reads the co-units, tags and milestones of t.
func loadLists(ctx context.Context, q store.Querier, t *Task) error {
	err := eachRow(ctx, q, `SELECT u.id, u.name FROM task_co_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = ? ORDER BY u.id`,
		[]any{t.ID}, func(rows *sql.Rows) error {
			var u UnitRef
			err := rows.Scan(&u.ID, &u.Name)
			t.CoUnits = append(t.CoUnits, u)
			return err
		})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, `SELECT tag FROM task_tags WHERE task_id = ? ORDER BY tag`, []any{t.ID}, func(rows *sql.Rows) error {
		var tag string
		err := rows.Scan(&tag)
		t.Tags = append(t.Tags, tag)
		return err
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, `SELECT id, title, due_date FROM task_milestones WHERE task_id = ? ORDER BY due_date, id`,
		[]any{t.ID}, func(rows *sql.Rows) error {
			var m Milestone
			err := rows.Scan(&m.ID, &m.Title, &m.Date)
			t.Milestones = append(t.Milestones, m)
			return err
		})
}

// eachRow runs query and calls fn for every row.
func eachRow(ctx context.Context, q store.Querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Children lists the sub-tasks of id that the viewer may see.
func (s *Store) Children(ctx context.Context, p *auth.Principal, id int64) ([]Task, error) {
	where, args := scopeWhere(p)
	var out []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.parent_id = ? AND `+where+` ORDER BY t.deadline, t.id`,
		append([]any{id}, args...), func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			out = append(out, t)
			return err
		})
	return out, err
}
