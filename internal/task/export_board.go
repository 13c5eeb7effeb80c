package task

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// ExportLimit caps the rows of one board export; the sheet says when it was reached.
const ExportLimit = 20000

// boardColumns are the export's header keys and widths.
var boardColumns = []struct {
	key   string
	width float64
}{
	{"export.col.id", 8}, {"task.field.title", 36}, {"task.field.parent", 24}, {"task.field.phase", 12},
	{"task.field.lead_unit", 18}, {"task.field.co_units", 24}, {"task.field.responsible", 10}, {"task.field.leader", 10},
	{"task.field.start", 12}, {"task.field.deadline", 12}, {"task.field.original_deadline", 12}, {"task.field.state", 12},
	{"task.field.progress", 8}, {"export.col.light", 8}, {"task.field.tags", 20}, {"task.field.source", 10},
	{"task.field.report_cycle", 10},
}

// BoardExport is GET /campaigns/{id}/tasks.xlsx: every task the board's
// filter selects (same query as the board page), in the viewer's scope.
func (h *Pages) BoardExport(w http.ResponseWriter, r *http.Request) error {
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
	if len(errs) > 0 {
		return h.Board(w, r) // the board shows the bad field with 422
	}
	ts, truncated, err := h.s.ListAll(ctx, me, f, ExportLimit)
	if err != nil {
		return err
	}
	lang := ui.Lang(r)
	T := func(key string, args ...any) string { return h.ui.Catalog.T(lang, key, args...) }
	heads, widths := make([]string, len(boardColumns)), make([]float64, len(boardColumns))
	for i, bc := range boardColumns {
		heads[i], widths[i] = T(bc.key), bc.width
	}
	x, err := newSheet(T("export.board_sheet"), heads, widths)
	if err != nil {
		return err
	}
	for _, t := range ts {
		names := make([]string, len(t.CoUnits))
		for i, u := range t.CoUnits {
			names[i] = u.Name
		}
		err := x.row(t.ID, t.Title, t.ParentTitle, t.PhaseName, t.LeadUnitName, strings.Join(names, "、"), t.ResponsibleName,
			t.LeaderName, x.dateCell(t.StartDate), x.dateCell(t.Deadline), x.dateCell(t.OriginalDeadline),
			T("task.state."+string(t.State)), t.Progress, x.lightCell(t.Light, T("task.light."+string(t.Light))),
			strings.Join(t.Tags, "、"), T("task.source."+t.Source), T("task.cycle."+t.ReportCycle))
		if err != nil {
			x.f.Close()
			return err
		}
	}
	if truncated {
		if err := x.row(T("export.truncated", ExportLimit)); err != nil {
			x.f.Close()
			return err
		}
	}
	day := exportDay(h.s.now())
	return x.send(w, r, "tasks-"+itoa(c.ID)+"-"+day+".xlsx", T("export.board_file", c.Name)+"-"+day+".xlsx")
}

// ListAll returns up to limit tasks f selects that p may see, by deadline,
// with their co-units, tags and lights, and whether more were left out.
func (s *Store) ListAll(ctx context.Context, p *auth.Principal, f Filter, limit int) ([]Task, bool, error) {
	f.engine = s.db.Dialect()
	w, args := f.where(p)
	order := "t.deadline, t.id"
	if f.Desc {
		order = "t.deadline DESC, t.id DESC"
	}
	var out []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE `+w+` ORDER BY `+order+` LIMIT ?`, append(args, limit+1),
		func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			out = append(out, t)
			return err
		})
	if err != nil {
		return nil, false, err
	}
	truncated := len(out) > limit
	out = out[:min(len(out), limit)]
	// Lists and lights are read in slices so no query carries thousands of ids.
	for part := range slices.Chunk(out, 500) {
		if err := loadListsOf(ctx, s.db, part); err != nil {
			return nil, false, err
		}
		if err := s.decorate(ctx, part); err != nil {
			return nil, false, err
		}
	}
	return out, truncated, nil
}

// loadListsOf reads the co-units and tags of several tasks in two queries.
func loadListsOf(ctx context.Context, q store.Querier, ts []Task) error {
	at := map[int64]*Task{}
	for i := range ts {
		at[ts[i].ID] = &ts[i]
	}
	ids := store.IDArgs(taskIDsOf(ts))
	in := store.Placeholders(len(ts))
	err := eachRow(ctx, q, `SELECT c.task_id, u.id, u.name FROM task_co_units c JOIN units u ON u.id = c.unit_id
		WHERE c.task_id IN (`+in+`) ORDER BY c.task_id, u.id`, ids, func(rows *sql.Rows) error {
		var id int64
		var u UnitRef
		err := rows.Scan(&id, &u.ID, &u.Name)
		at[id].CoUnits = append(at[id].CoUnits, u)
		return err
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, `SELECT task_id, tag FROM task_tags WHERE task_id IN (`+in+`) ORDER BY task_id, tag`, ids,
		func(rows *sql.Rows) error {
			var id int64
			var tag string
			err := rows.Scan(&id, &tag)
			at[id].Tags = append(at[id].Tags, tag)
			return err
		})
}

// ExportURL is the board's current filter as an XLSX download link.
func (p boardPage) ExportURL() string {
	u := "/campaigns/" + itoa(p.Campaign.ID) + "/tasks.xlsx"
	if p.Query != "" {
		u += "?" + p.Query
	}
	return u
}
