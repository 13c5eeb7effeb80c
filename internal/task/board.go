package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

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
		// The union of the two indexes (lead unit, co-unit), looked up once,
		// instead of testing every task of the campaign with OR EXISTS.
		add("t.id IN (SELECT lt.id FROM tasks lt WHERE lt.lead_unit_id = ? UNION SELECT fu.task_id FROM task_co_units fu WHERE fu.unit_id = ?)",
			f.UnitID, f.UnitID)
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
	var err error
	if b.Total, err = s.countOf(ctx, `SELECT COUNT(*) FROM tasks t WHERE `+w, args); err != nil {
		return b, fmt.Errorf("count tasks: %w", err)
	}
	b.Pages = max((b.Total+PageSize-1)/PageSize, 1)
	order := "t.deadline, t.id"
	if f.Desc {
		order = "t.deadline DESC, t.id DESC"
	}
	err = eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE `+w+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
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
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.lead_unit_id IN (`+store.Placeholders(len(p.Units))+`)
		AND t.state IN (`+store.Placeholders(len(states))+`) ORDER BY t.deadline, t.id LIMIT ?`,
		append(append(store.IDArgs(p.Units), st...), limit), func(rows *sql.Rows) error {
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
// The distinct tags are found by jumping through the tag index (one probe
// per distinct tag, not a pass over every task's tags), each kept when one
// of its tasks is in the campaign; the list is cached (perf_cache.go).
func (s *Store) TagsInUse(ctx context.Context, campaign int64) ([]string, error) {
	gen := s.db.Generation()
	c := s.cache
	c.mu.Lock()
	e := c.tags[campaign]
	c.mu.Unlock()
	if e.fresh(gen) {
		return slices.Clone(e.v), nil
	}
	var out []string
	err := eachRow(ctx, s.db, `WITH RECURSIVE d(tag) AS (SELECT MIN(tag) FROM task_tags
		UNION ALL SELECT (SELECT MIN(x.tag) FROM task_tags x WHERE x.tag > d.tag) FROM d WHERE d.tag IS NOT NULL)
		SELECT d.tag FROM d WHERE d.tag IS NOT NULL AND EXISTS (SELECT 1 FROM task_tags tg JOIN tasks t ON t.id = tg.task_id
		WHERE tg.tag = d.tag AND t.campaign_id = ?) ORDER BY d.tag`, []any{campaign}, func(rows *sql.Rows) error {
		var tag string
		err := rows.Scan(&tag)
		out = append(out, tag)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tags in use: %w", err)
	}
	for _, t := range Tags {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	c.mu.Lock()
	if len(c.tags) >= maxCounts {
		clear(c.tags)
	}
	c.tags[campaign] = cached[[]string]{v: out, gen: gen, at: time.Now(), ok: true}
	c.mu.Unlock()
	return slices.Clone(out), nil
}

// Returned lists p's units' tasks the office sent back for rework (退回重办)
// that are still in progress, latest first.
func (s *Store) Returned(ctx context.Context, p *auth.Principal, limit int) ([]Task, error) {
	if len(p.Units) == 0 || !p.HasBusinessRole() {
		return nil, nil
	}
	var out []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.lead_unit_id IN (`+store.Placeholders(len(p.Units))+`)
		AND t.state = ? AND EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.id AND e.action = ?)
		ORDER BY t.updated_at DESC LIMIT ?`, append(store.IDArgs(p.Units), StateInProgress, ActReturn, limit), func(rows *sql.Rows) error {
		t, err := scanTask(rows)
		out = append(out, t)
		return err
	})
	return out, err
}
