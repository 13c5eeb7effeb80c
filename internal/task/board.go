package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// PageSize is how many tasks a board page shows.
const PageSize = 50

// Filter selects tasks on a campaign's board. Zero values select all.
type Filter struct {
	CampaignID int64
	PhaseID    int64
	UnitID     int64 // lead or co-unit
	State      State
	Source     string
	Tag        string
	From, To   string // deadline range, inclusive
	Desc       bool   // latest deadline first
	Page       int    // 1-based
	Q          string // search words: title, content or reports hold them all (search_index.go)

	engine store.Dialect // set by the store before where(), for the search condition
}

// Board is one page of tasks.
type Board struct {
	Tasks []Task
	Total int
	Page  int
	Pages int
}

// where builds the SQL condition for f within p's scope.
func (f Filter) where(p *auth.Principal) (string, []any) {
	scope, args := scopeWhere(p)
	w := "t.campaign_id = ? AND " + scope
	args = append([]any{f.CampaignID}, args...)
	add := func(cond string, v ...any) { w += " AND " + cond; args = append(args, v...) }
	if f.PhaseID != 0 {
		add("t.phase_id = ?", f.PhaseID)
	}
	if f.UnitID != 0 {
		add("(t.lead_unit_id = ? OR EXISTS (SELECT 1 FROM task_co_units fu WHERE fu.task_id = t.id AND fu.unit_id = ?))", f.UnitID, f.UnitID)
	}
	if f.State != "" {
		add("t.state = ?", f.State)
	}
	if f.Source != "" {
		add("t.source = ?", f.Source)
	}
	if f.Tag != "" {
		add("EXISTS (SELECT 1 FROM task_tags tg WHERE tg.task_id = t.id AND tg.tag = ?)", f.Tag)
	}
	if f.From != "" {
		add("t.deadline >= ?", f.From)
	}
	if f.To != "" {
		add("t.deadline <= ?", f.To)
	}
	if f.Q != "" {
		cond, a := f.searchWhere()
		add(cond, a...)
	}
	return w, args
}

// List returns one page of the tasks f selects that p may see, by deadline.
func (s *Store) List(ctx context.Context, p *auth.Principal, f Filter) (Board, error) {
	f.engine = s.db.Dialect()
	w, args := f.where(p)
	b := Board{Page: max(f.Page, 1)}
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM tasks t WHERE `+w, args...).Scan(&b.Total); err != nil {
		return b, fmt.Errorf("count tasks: %w", err)
	}
	b.Pages = max((b.Total+PageSize-1)/PageSize, 1)
	order := "t.deadline, t.id"
	if f.Desc {
		order = "t.deadline DESC, t.id DESC"
	}
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE `+w+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, PageSize, (b.Page-1)*PageSize), func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			b.Tasks = append(b.Tasks, t)
			return err
		})
	if err != nil {
		return b, err
	}
	return b, s.decorate(ctx, b.Tasks)
}

// Mine lists the open tasks that one of p's units leads, in states, by deadline
// ("my work": tasks to sign for, tasks in hand). At most limit rows.
func (s *Store) Mine(ctx context.Context, p *auth.Principal, states []State, limit int) ([]Task, error) {
	if len(p.Units) == 0 || len(states) == 0 || !p.HasBusinessRole() {
		return nil, nil
	}
	st := make([]any, len(states))
	for i, x := range states {
		st[i] = x
	}
	var out []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.lead_unit_id IN (`+placeholders(len(p.Units))+`)
		AND t.state IN (`+placeholders(len(states))+`) ORDER BY t.deadline, t.id LIMIT ?`,
		append(append(anys(p.Units), st...), limit), func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			out = append(out, t)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, s.decorate(ctx, out)
}

// TagsInUse lists the tags of a campaign's tasks (for the board's filter).
func (s *Store) TagsInUse(ctx context.Context, campaign int64) ([]string, error) {
	var out []string
	err := eachRow(ctx, s.db, `SELECT DISTINCT tg.tag FROM task_tags tg JOIN tasks t ON t.id = tg.task_id WHERE t.campaign_id = ?
		ORDER BY tg.tag`, []any{campaign}, func(rows *sql.Rows) error {
		var tag string
		err := rows.Scan(&tag)
		out = append(out, tag)
		return err
	})
	for _, t := range Tags {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, err
}

// Returned lists p's units' tasks the office sent back for rework (退回重办)
// that are still in progress, latest first.
func (s *Store) Returned(ctx context.Context, p *auth.Principal, limit int) ([]Task, error) {
	if len(p.Units) == 0 || !p.HasBusinessRole() {
		return nil, nil
	}
	var out []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.lead_unit_id IN (`+placeholders(len(p.Units))+`)
		AND t.state = ? AND EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.id AND e.action = ?)
		ORDER BY t.updated_at DESC LIMIT ?`, append(anys(p.Units), StateInProgress, ActReturn, limit), func(rows *sql.Rows) error {
		t, err := scanTask(rows)
		out = append(out, t)
		return err
	})
	return out, err
}
