package task

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strconv"

	"tongchou/internal/auth"
)

// leaderPageSize is how many tasks a page of /leader shows.
const leaderPageSize = 50

// leaderMax bounds the tasks sorted in memory: lights are computed, not
// stored, so the red-first order is made after computing them.
const leaderMax = 2000

type leaderPage struct {
	Tasks        []Task
	Total        int
	Red, Yellow  int
	Page, Pages  int
	Instructions []Instruction
	Today        string
}

// PrevPage and NextPage are the neighbouring page numbers, 0 when none.
func (p leaderPage) PrevPage() int {
	if p.Page > 1 {
		return p.Page - 1
	}
	return 0
}

// NextPage is the following page number, 0 on the last page.
func (p leaderPage) NextPage() int {
	if p.Page < p.Pages {
		return p.Page + 1
	}
	return 0
}

// InCharge lists the open tasks whose leader in charge (分管领导) is leader,
// red first, then yellow, then by deadline.
func (s *Store) InCharge(ctx context.Context, leader int64) ([]Task, error) {
	var out []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.leader_id = ? AND t.state NOT IN (?, ?)
		ORDER BY t.deadline, t.id LIMIT ?`, []any{leader, StateDone, StateCancelled, leaderMax}, func(rows *sql.Rows) error {
		t, err := scanTask(rows)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.decorate(ctx, out); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Task) int { return lightRank(a.Light) - lightRank(b.Light) })
	return out, nil
}

// lightRank orders lights worst first.
func lightRank(l Light) int {
	switch l {
	case LightRed:
		return 0
	case LightYellow:
		return 1
	case LightGreen:
		return 2
	}
	return 3
}

// Leader is GET /leader: a leader's tasks in charge and their instructions
// still awaiting a reply.
func (h *Pages) Leader(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := auth.From(ctx)
	all, err := h.s.InCharge(ctx, me.ID)
	if err != nil {
		return err
	}
	p := leaderPage{Total: len(all), Today: h.s.today()}
	for _, t := range all {
		switch t.Light {
		case LightRed:
			p.Red++
		case LightYellow:
			p.Yellow++
		}
	}
	p.Pages = max(1, (len(all)+leaderPageSize-1)/leaderPageSize)
	p.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	p.Page = min(max(p.Page, 1), p.Pages)
	p.Tasks = all[min((p.Page-1)*leaderPageSize, len(all)):min(p.Page*leaderPageSize, len(all))]
	if p.Instructions, err = h.s.LeaderAwaiting(ctx, me.ID, myWorkLimit); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "leader_charge", p)
}
