package task

import (
	"context"
	"database/sql"
	"fmt"

	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// maxTreeDepth bounds the walk down a task tree (a guard against a cycle
// that a bad edit could leave in parent_id).
const maxTreeDepth = 20

// fillLights computes the light of each task for a list, with a fixed number
// of queries per tree level rather than per task. A task's light is its own
// rule light combined with its children's: a parent shows its worst child,
// and — our choice where the rule is silent — never better than its own rule
// says, so an open parent whose children are all closed still turns red when
// it is itself overdue. Done and cancelled tasks are grey whatever their
// children show.
func (s *Store) fillLights(ctx context.Context, ts []Task) error {
	if len(ts) == 0 {
		return nil
	}
	gen, today := s.db.Generation(), s.today() // read before loading: see perf_cache.go
	if s.cache.lightsHit(ts, gen, today) {
		return nil
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return err
	}
	lc := &lightCalc{q: s.db, cal: cal, today: today, rules: map[int64]lightRules{}, rulesOf: s.rulesOf,
		why: map[int64][]Reason{}}
	all := map[int64]*Task{}
	for i := range ts {
		all[ts[i].ID] = &ts[i]
	}
	children := map[int64][]int64{}
	level := taskIDsOf(ts)
	for depth := 0; len(level) > 0 && depth < maxTreeDepth; depth++ {
		kids, err := childTasks(ctx, s.db, level)
		if err != nil {
			return err
		}
		level = level[:0:0]
		for i := range kids {
			k := &kids[i]
			children[k.ParentID] = append(children[k.ParentID], k.ID)
			if _, seen := all[k.ID]; !seen {
				all[k.ID] = k
				level = append(level, k.ID)
			}
		}
	}
	own, err := lc.ownLights(ctx, all)
	if err != nil {
		return err
	}
	memo := map[int64]Light{}
	var roll func(id int64, depth int) Light
	roll = func(id int64, depth int) Light {
		if l, ok := memo[id]; ok {
			return l
		}
		l := own[id]
		if !all[id].State.Final() && depth < maxTreeDepth {
			ls := []Light{l}
			for _, c := range children[id] {
				ls = append(ls, roll(c, depth+1))
			}
			l = Worst(ls)
		}
		memo[id] = l
		return l
	}
	for i := range ts {
		t := &ts[i]
		t.Light = roll(t.ID, 0)
		t.lightWhy = append([]Reason{}, lc.why[t.ID]...)
		if t.Light.rank() > own[t.ID].rank() {
			t.lightWhy = append([]Reason{{Key: reasonChild}}, t.lightWhy...)
		}
	}
	s.cache.lightsKeep(ts, gen, today)
	return nil
}

// lightCalc holds what computing many lights shares.
type lightCalc struct {
	q     store.Querier
	cal   *workday.Calendar
	today string
	rules map[int64]lightRules
	// rulesOf, when set, reads a campaign's rules (through the cache).
	rulesOf func(context.Context, int64) (lightRules, error)
	// why, when set, receives each task's own light reasons.
	why map[int64][]Reason
}

// ownLights computes each task's own rule light (without its children).
func (lc *lightCalc) ownLights(ctx context.Context, all map[int64]*Task) (map[int64]Light, error) {
	var list []int64
	for id := range all {
		list = append(list, id)
	}
	reports, err := reportsOf(ctx, lc.q, list)
	if err != nil {
		return nil, err
	}
	out := map[int64]Light{}
	for id, t := range all {
		r, ok := lc.rules[t.CampaignID]
		if !ok {
			if lc.rulesOf != nil {
				r, err = lc.rulesOf(ctx, t.CampaignID)
			} else {
				r, err = campaignRules(ctx, lc.q, t.CampaignID)
			}
			if err != nil {
				return nil, err
			}
			lc.rules[t.CampaignID] = r
		}
		dues := dueOutcomes(t, r.WorkingDays, lc.cal, reports[id], lc.today)
		var why []Reason
		if out[id], why, err = lightOf(t, r.Thresholds, lc.cal, dues, lc.today); err != nil {
			return nil, err
		}
		if lc.why != nil {
			lc.why[id] = why
		}
	}
	return out, nil
}

// childTasks reads the children of the given tasks.
func childTasks(ctx context.Context, q store.Querier, parents []int64) ([]Task, error) {
	var out []Task
	in, args := inIDs(parents)
	err := eachRow(ctx, q, `SELECT `+taskCols+taskFrom+` WHERE t.parent_id IN (`+in+`)`,
		args, func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			out = append(out, t)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("child tasks: %w", err)
	}
	return out, nil
}

// reportsOf reads what the outcomes need of the tasks' reports, oldest first.
func reportsOf(ctx context.Context, q store.Querier, tasks []int64) (map[int64][]Report, error) {
	out := map[int64][]Report{}
	in, args := inIDs(tasks)
	err := eachRow(ctx, q, `SELECT task_id, due_date, late, status FROM task_reports WHERE task_id IN (`+
		in+`) ORDER BY task_id, due_date, submitted_at, id`, args, func(rows *sql.Rows) error {
		var r Report
		err := rows.Scan(&r.TaskID, &r.DueDate, &r.Late, &r.Status)
		out[r.TaskID] = append(out[r.TaskID], r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reports of tasks: %w", err)
	}
	return out, nil
}

func taskIDsOf(ts []Task) []int64 {
	out := make([]int64, len(ts))
	for i := range ts {
		out[i] = ts[i].ID
	}
	return out
}
