package task

import (
	"net/http"
	"strconv"

	"tongchou/internal/auth"
)

type ganttPage struct {
	Campaign Campaign
	Gantt    Gantt
	Board    Board // the page of tasks shown, for the pager
	Phase    int64
	Today    string
}

// Gantt is GET /campaigns/{id}/gantt: the campaign's timeline by phase and
// task as inline SVG, one page of tasks at a time (PageSize), optionally of
// one phase. The board's data scope applies: a liaison sees its units' tasks.
func (h *Pages) Gantt(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	me := auth.From(ctx)
	c, err := h.s.Campaign(ctx, me, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := ganttPage{Campaign: c, Today: h.s.today()}
	p.Phase, _ = strconv.ParseInt(q.Get("phase"), 10, 64)
	page, _ := strconv.Atoi(q.Get("page"))
	if p.Gantt, p.Board, err = h.s.GanttPage(ctx, me, c, p.Phase, min(max(page, 1), 100000)); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "gantt", p)
}

// PageURL is the link to page n of the chart, "" for none.
func (p ganttPage) PageURL(n int) string {
	if n == 0 {
		return ""
	}
	u := "/campaigns/" + itoa(p.Campaign.ID) + "/gantt?page=" + strconv.Itoa(n)
	if p.Phase != 0 {
		u += "&phase=" + itoa(p.Phase)
	}
	return u
}
