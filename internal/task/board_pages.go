package task

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/auth"
	"tongchou/internal/search"
	"tongchou/internal/ui"
)

type boardPage struct {
	Campaign  Campaign
	Filter    Filter
	Board     Board
	Units     []Choice
	Tags      []string
	States    []State
	Sources   []string
	Query     string // the filter as a query string, for the pager links
	Today     string
	CanCreate bool
	Err       error
}

// parseFilter reads the board's query; unknown values are ignored so an old
// bookmark still opens, malformed dates are shown beside their field.
func parseFilter(r *http.Request, campaign int64) (Filter, ui.Errors) {
	q := r.URL.Query()
	errs := ui.Errors{}
	f := Filter{CampaignID: campaign, State: State(q.Get("state")), Source: q.Get("source"), Tag: clip(q.Get("tag"), maxTag),
		Desc: q.Get("sort") == "-deadline"}
	f.PhaseID, _ = strconv.ParseInt(q.Get("phase"), 10, 64)
	f.UnitID, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	f.Page, _ = strconv.Atoi(q.Get("page"))
	if !f.State.Valid() {
		f.State = ""
	}
	if !slices.Contains(Sources, f.Source) {
		f.Source = ""
	}
	for field, v := range map[string]*string{"from": &f.From, "to": &f.To} {
		if raw := q.Get(field); raw != "" {
			d, ok := parseDate(raw)
			if !ok {
				errs[field] = "task.err.date"
			}
			*v = d
		}
	}
	f.Page = min(max(f.Page, 1), 100000)
	if f.Q = strings.TrimSpace(q.Get("q")); utf8.RuneCountInString(f.Q) > search.MaxQueryRunes {
		errs["q"], f.Q = "search.err.long", clip(f.Q, search.MaxQueryRunes)
	}
	return f, errs
}

// query is the filter without the page, for the pager's links.
func (f Filter) query() string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" && val != "0" {
			v.Set(k, val)
		}
	}
	set("phase", itoa(f.PhaseID))
	set("unit", itoa(f.UnitID))
	set("state", string(f.State))
	set("source", f.Source)
	set("tag", f.Tag)
	set("from", f.From)
	set("to", f.To)
	set("q", f.Q)
	if f.Desc {
		v.Set("sort", "-deadline")
	}
	return v.Encode()
}

// Board is GET /campaigns/{id}/tasks.
func (h *Pages) Board(w http.ResponseWriter, r *http.Request) error {
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
	f, errs := parseFilter(r, id)
	p := boardPage{Campaign: c, Filter: f, States: States, Sources: Sources, Query: f.query(), Today: h.s.today(),
		CanCreate: me.Has(auth.RoleOffice)}
	status := http.StatusOK
	if len(errs) > 0 {
		p.Err, status = errs, http.StatusUnprocessableEntity
	} else if p.Board, err = h.s.List(ctx, me, f); err != nil {
		return err
	}
	if p.Units, err = UnitChoices(ctx, h.s.db); err != nil {
		return err
	}
	if p.Tags, err = h.s.TagsInUse(ctx, id); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "task_board", p)
}

// PrevURL is the link to the previous page, "" on the first.
func (p boardPage) PrevURL() string { return p.pageURL(p.Board.Prev()) }

// NextURL is the link to the next page, "" on the last.
func (p boardPage) NextURL() string { return p.pageURL(p.Board.Next()) }

func (p boardPage) pageURL(n int) string {
	if n == 0 {
		return ""
	}
	if p.Query == "" {
		return "?page=" + strconv.Itoa(n)
	}
	return "?" + p.Query + "&page=" + strconv.Itoa(n)
}

// Prev and Next are the neighbouring page numbers, 0 when there is none.
func (b Board) Prev() int {
	if b.Page > 1 {
		return b.Page - 1
	}
	return 0
}

// Next is the following page number, 0 on the last page.
func (b Board) Next() int {
	if b.Page < b.Pages {
		return b.Page + 1
	}
	return 0
}

type myPage struct {
	ToSign   []Task
	Returned []Task
	InHand   []Task
	Today    string

	// Work is the rest of the to-do list (my_work.go).
	Work MyWork
}

// My is GET /my: a liaison's or unit head's work — tasks to sign for,
// tasks the office sent back, tasks in hand.
func (h *Pages) My(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := auth.From(ctx)
	p := myPage{Today: h.s.today()}
	var err error
	if p.ToSign, err = h.s.Mine(ctx, me, []State{StateAssigned}, 200); err != nil {
		return err
	}
	if p.Returned, err = h.s.Returned(ctx, me, 50); err != nil {
		return err
	}
	if p.InHand, err = h.s.Mine(ctx, me, []State{StateSigned, StateInProgress, StateCompletionRequested}, 200); err != nil {
		return err
	}
	if p.Work, err = h.s.MyWork(ctx, me); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "task_my", p)
}
