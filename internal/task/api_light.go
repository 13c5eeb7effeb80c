package task

import (
	"context"
	"database/sql"
	"fmt"

	"tongchou/internal/workday"
)

// reasonChild says a task shows a worse light than its own rule gives
// because one of its sub-tasks does (a parent shows its worst child).
const reasonChild = "taskapi.reason.child"

// lightReasons computes why each task (already decorated with its light)
// shows it: the light rule's own reasons, with reasonChild first when the
// light comes from a sub-task. A fixed number of queries for the whole list.
func (s *Store) lightReasons(ctx context.Context, ts []Task) (map[int64][]Reason, error) {
	out := map[int64][]Reason{}
	if len(ts) == 0 {
		return out, nil
	}
	cal, err := workday.Load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	reports, err := reportsOf(ctx, s.db, taskIDsOf(ts))
	if err != nil {
		return nil, err
	}
	today := s.today()
	rules := map[int64]lightRules{}
	for i := range ts {
		t := &ts[i]
		r, ok := rules[t.CampaignID]
		if !ok {
			if r, err = campaignRules(ctx, s.db, t.CampaignID); err != nil {
				return nil, err
			}
			rules[t.CampaignID] = r
		}
		own, why, err := lightOf(t, r.Thresholds, cal, dueOutcomes(t, r.WorkingDays, cal, reports[t.ID], today), today)
		if err != nil {
			return nil, err
		}
		if t.Light.rank() > own.rank() {
			why = append([]Reason{{Key: reasonChild}}, why...)
		}
		out[t.ID] = why
	}
	return out, nil
}

// fillCoUnits reads the co-units of a list of tasks in one query.
func (s *Store) fillCoUnits(ctx context.Context, ts []Task) error {
	if len(ts) == 0 {
		return nil
	}
	at := map[int64]*Task{}
	for i := range ts {
		ts[i].CoUnits = nil
		at[ts[i].ID] = &ts[i]
	}
	err := eachRow(ctx, s.db, `SELECT c.task_id, u.id, u.name FROM task_co_units c JOIN units u ON u.id = c.unit_id
		WHERE c.task_id IN (`+placeholders(len(ts))+`) ORDER BY c.task_id, u.id`, anys(taskIDsOf(ts)), func(rows *sql.Rows) error {
		var id int64
		var u UnitRef
		if err := rows.Scan(&id, &u.ID, &u.Name); err != nil {
			return err
		}
		at[id].CoUnits = append(at[id].CoUnits, u)
		return nil
	})
	if err != nil {
		return fmt.Errorf("co-units of tasks: %w", err)
	}
	return nil
}

// reasonsJSON localises reasons for an API answer.
func (h *APIHandlers) reasonsJSON(lang string, rs []Reason) []apiReason {
	out := make([]apiReason, len(rs))
	for i, r := range rs {
		out[i] = apiReason{Key: r.Key, Arg: r.Arg, Text: h.ui.Catalog.T(lang, r.Key, r.Arg)}
	}
	return out
}
