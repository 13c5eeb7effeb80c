package briefing

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"tongchou/internal/store"
	"tongchou/internal/task"
)

// problems lists what the briefing names: units that reported late or not
// at all, reports the office returned in the period, reports flagged as
// needing coordination, and the red-rung notices no briefing has named yet.
func (c *calc) problems(ctx context.Context, q store.Querier) error {
	p := &c.f.Problems
	p.LateUnits, p.MissingUnits = []UnitCount{}, []UnitCount{}
	for _, id := range c.unitOrder {
		u := c.units[id]
		if u.Late > 0 {
			p.LateUnits = append(p.LateUnits, UnitCount{UnitID: id, Unit: u.Name, Count: u.Late})
		}
		if u.Missing > 0 {
			p.MissingUnits = append(p.MissingUnits, UnitCount{UnitID: id, Unit: u.Name, Count: u.Missing})
		}
	}
	byCount := func(a, b UnitCount) int { return b.Count - a.Count }
	slices.SortStableFunc(p.LateUnits, byCount)
	slices.SortStableFunc(p.MissingUnits, byCount)
	var err error
	if p.Returned, err = c.reportItems(ctx, q, `r.status = 'returned' AND r.reviewed_at >= ? AND r.reviewed_at < ?`, "r.review_comment"); err != nil {
		return err
	}
	if p.Coordination, err = c.reportItems(ctx, q, `r.needs_coordination = TRUE AND r.status <> 'returned' AND r.submitted_at >= ? AND r.submitted_at < ?`, "r.problems"); err != nil {
		return err
	}
	named, err := task.NamedInNextBriefing(ctx, q, c.f.CampaignID)
	if err != nil {
		return err
	}
	p.Named, p.NoticeIDs = []TaskItem{}, []int64{}
	for _, n := range named {
		p.Named = append(p.Named, TaskItem{TaskID: n.TaskID, Title: n.Title, UnitID: n.UnitID, Unit: n.UnitName, Date: n.DueDate, Detail: n.Number})
		p.NoticeIDs = append(p.NoticeIDs, n.NoticeID)
	}
	return nil
}

// reportItems lists the campaign's reports matching cond (with the period's
// two instants as its arguments), with detail taken from the column given.
func (c *calc) reportItems(ctx context.Context, q store.Querier, cond, detail string) ([]TaskItem, error) {
	// CROSS JOIN keeps the reports as SQLite's outer loop, so it starts from
	// the few flagged or returned ones (by index) rather than from every task
	// of the campaign; PostgreSQL reads it as the inner join it is.
	rows, err := q.Query(ctx, `SELECT t.id, t.title, r.unit_id, u.name, r.due_date, `+detail+` FROM task_reports r
		CROSS JOIN tasks t CROSS JOIN units u
		WHERE t.id = r.task_id AND u.id = r.unit_id AND `+cond+` AND t.campaign_id = ? AND t.state NOT IN ('draft', 'cancelled')
		ORDER BY r.due_date, r.id`, c.fromAt, c.toAt, c.f.CampaignID)
	if err != nil {
		return nil, fmt.Errorf("briefing report list: %w", err)
	}
	defer rows.Close()
	out := []TaskItem{}
	for rows.Next() {
		var it TaskItem
		if err := rows.Scan(&it.TaskID, &it.Title, &it.UnitID, &it.Unit, &it.Date, &it.Detail); err != nil {
			return nil, fmt.Errorf("briefing report list: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// nextSteps lists the milestones of open tasks due in the next period (the
// tasks themselves were listed while counting).
func (c *calc) nextSteps(ctx context.Context, q store.Querier) error {
	rows, err := q.Query(ctx, `SELECT t.id, t.title, t.lead_unit_id, m.title, m.due_date FROM task_milestones m
		JOIN tasks t ON t.id = m.task_id WHERE t.campaign_id = ? AND t.state NOT IN ('draft', 'cancelled', 'done')
		AND m.due_date >= ? AND m.due_date <= ? ORDER BY m.due_date, m.id`, c.f.CampaignID, c.f.NextFrom, c.f.NextTo)
	if err != nil {
		return fmt.Errorf("briefing milestones: %w", err)
	}
	defer rows.Close()
	c.f.Milestones = []TaskItem{}
	for rows.Next() {
		var it TaskItem
		if err := rows.Scan(&it.TaskID, &it.Title, &it.UnitID, &it.Detail, &it.Date); err != nil {
			return fmt.Errorf("briefing milestones: %w", err)
		}
		it.Unit = c.unit(it.UnitID).Name
		c.f.Milestones = append(c.f.Milestones, it)
	}
	if c.f.NextSteps == nil {
		c.f.NextSteps = []TaskItem{}
	}
	if c.f.Highlights == nil {
		c.f.Highlights = []TaskItem{}
	}
	if c.f.Problems.RedTasks == nil {
		c.f.Problems.RedTasks = []TaskItem{}
	}
	slices.SortStableFunc(c.f.NextSteps, func(a, b TaskItem) int { return compareStr(a.Date, b.Date) })
	return rows.Err()
}

// change compares with the campaign's last published briefing whose period
// ended before this one's.
func (c *calc) change(ctx context.Context, q store.Querier) error {
	var number, raw string
	err := q.QueryRow(ctx, `SELECT number, figures FROM briefings WHERE campaign_id = ? AND kind = 'briefing' AND status = 'published'
		AND period_to < ? ORDER BY period_to DESC, id DESC LIMIT 1`, c.f.CampaignID, c.to).Scan(&number, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("last briefing: %w", err)
	}
	var prev Figures
	if err := json.Unmarshal([]byte(raw), &prev); err != nil {
		return fmt.Errorf("last briefing figures: %w", err)
	}
	o, p := c.f.Overall, prev.Overall
	ch := &Change{Number: number, Done: o.Done - p.Done, Red: o.ByLight["red"] - p.ByLight["red"]}
	ch.CompletionRate = round1(o.CompletionRate() - p.CompletionRate())
	if o.ReportsDue > 0 && p.ReportsDue > 0 {
		ch.HasOnTime = true
		ch.OnTimeRate = round1(o.OnTimeRate() - p.OnTimeRate())
	}
	c.f.Change = ch
	return nil
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
