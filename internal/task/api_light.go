package task

import (
	"context"
	"database/sql"
	"fmt"
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
	if whyKept(ts, out) {
		return out, nil // fillLights kept them
	}
	cal, err := s.calendar(ctx)
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
			if r, err = s.rulesOf(ctx, t.CampaignID); err != nil {
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

// whyKept fills out from the reasons fillLights kept on every task, and
// reports whether every task had them.
func whyKept(ts []Task, out map[int64][]Reason) bool {
	for i := range ts {
		if ts[i].lightWhy == nil {
			clear(out)
			return false
		}
		out[ts[i].ID] = ts[i].lightWhy
	}
	return true
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
	in, args := inIDs(taskIDsOf(ts))
	err := eachRow(ctx, s.db, `SELECT c.task_id, u.id, u.name FROM task_co_units c JOIN units u ON u.id = c.unit_id
		WHERE c.task_id IN (`+in+`) ORDER BY c.task_id, u.id`, args, func(rows *sql.Rows) error {
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
