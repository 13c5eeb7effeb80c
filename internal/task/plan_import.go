package task

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// PlanError is one bad cell of a refused plan: the row as Excel numbers it,
// the column's field (message key plan.col.<field>) and the reason's message key.
type PlanError struct {
	Row   int
	Field string
	Key   string
}

// PlanErrors is every bad cell of a refused plan, by row and column.
type PlanErrors []PlanError

func (e PlanErrors) Error() string { return fmt.Sprintf("plan refused: %d bad cells", len(e)) }

// inputColumn maps an Input validation field to the plan column that feeds it.
var inputColumn = map[string]string{"title": "title", "content": "goal", "weight": "weight", "source": "source",
	"report_cycle": "cycle", "lead_unit": "lead_unit", "co_units": "co_units", "start": "start", "deadline": "deadline",
	"tags": "tags", "parent": "parent", "phase": "start", "responsible": "responsible", "leader": "leader",
	"milestones": "title"}

// ImportPlan reads a plan workbook and creates one task per row in campaign,
// all in one transaction: when any row is bad it creates nothing and returns
// every bad cell (PlanErrors); an unreadable file is a PlanFileError. With
// assign the tasks are assigned (交办) through the workflow, so the timeline
// and the audit log show both steps. The office only.
func (s *Store) ImportPlan(ctx context.Context, p *auth.Principal, campaign int64, r io.Reader, assign bool) (int, error) {
	if !p.Has(auth.RoleOffice) {
		return 0, ui.ErrForbidden
	}
	c, err := campaignByID(ctx, s.db, campaign)
	if err != nil {
		return 0, err
	}
	rows, err := readPlan(r)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		imp := &planImport{s: s, tx: tx, p: p, c: c, assign: assign, ids: map[string]int64{}, failed: map[string]bool{}}
		for _, row := range rows {
			if err := imp.row(ctx, row); err != nil {
				return err
			}
		}
		if len(imp.bad) > 0 {
			slices.SortStableFunc(imp.bad, func(a, b PlanError) int {
				return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(planColIndex(a.Field), planColIndex(b.Field)))
			})
			return imp.bad
		}
		n = imp.created
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func planColIndex(field string) int {
	return slices.IndexFunc(planColumns, func(pc struct{ Head, Field string }) bool { return pc.Field == field })
}

// planImport is one import in progress inside its transaction.
type planImport struct {
	s       *Store
	tx      *store.Tx
	p       *auth.Principal
	c       Campaign
	assign  bool
	ids     map[string]int64 // 序号 → created task
	failed  map[string]bool  // 序号 of rows that failed
	bad     PlanErrors
	created int
}

// row checks one row and, when it is good, creates its task (which the
// transaction rolls back later if another row fails).
func (imp *planImport) row(ctx context.Context, row planRow) error {
	in, errs, err := imp.input(ctx, row)
	if err != nil {
		return err
	}
	// The task's own rules run on every row, so a row shows all its faults
	// at once; a cell that could not be read keeps its own reason.
	vErrs := in.validate()
	if err := checkRefs(ctx, imp.tx, &in, 0, vErrs); err != nil {
		return err
	}
	for f, k := range vErrs {
		errs[inputColumn[f]] = cmp.Or(errs[inputColumn[f]], k)
	}
	seq := row.cells["seq"]
	if len(errs) > 0 {
		for f, k := range errs {
			imp.bad = append(imp.bad, PlanError{Row: row.n, Field: f, Key: k})
		}
		if seq != "" {
			imp.failed[seq] = true
		}
		return nil
	}
	id, err := imp.create(ctx, in)
	if err != nil {
		return err
	}
	if seq != "" {
		imp.ids[seq] = id
	}
	imp.created++
	return nil
}

// input reads a row's cells into a task input; errs name plan columns.
func (imp *planImport) input(ctx context.Context, row planRow) (Input, ui.Errors, error) {
	cell := row.cells
	errs := ui.Errors{}
	for f, v := range cell {
		if len(v) > maxPlanCell {
			errs[f], cell[f] = "form.too_long", ""
		}
	}
	in := Input{CampaignID: imp.c.ID, Title: cell["title"], Content: cell["goal"], Weight: 1, Tags: SplitTags(cell["tags"])}
	if seq := cell["seq"]; seq != "" {
		if _, dup := imp.ids[seq]; dup || imp.failed[seq] {
			errs["seq"] = "plan.err.seq_dup"
		}
	}
	if ps := cell["parent"]; ps != "" {
		switch id, ok := imp.ids[ps]; {
		case ok:
			in.ParentID = id
		case imp.failed[ps]:
			// the parent row's own errors are reported; this row is still checked
		default:
			errs["parent"] = "plan.err.parent_unknown"
		}
	}
	if w := cell["weight"]; w != "" {
		var err error
		if in.Weight, err = planInt(w); err != nil {
			errs["weight"] = "plan.err.weight"
		}
	}
	if in.Source = planLabel(planSources, Sources, cell["source"], "plan"); in.Source == "" {
		errs["source"] = "plan.err.source"
	}
	if in.ReportCycle = planLabel(planCycles, Cycles, cell["cycle"], "none"); in.ReportCycle == "" {
		errs["cycle"] = "plan.err.cycle"
	}
	imp.dates(cell, &in, errs)
	return in, errs, imp.names(ctx, cell, &in, errs)
}

// dates reads the start (the campaign's start when empty) and the deadline,
// and places the task in the phase that contains its start.
func (imp *planImport) dates(cell map[string]string, in *Input, errs ui.Errors) {
	in.StartDate = imp.c.StartDate
	if v := cell["start"]; v != "" {
		d, ok := planDate(v)
		if !ok {
			errs["start"] = "plan.err.date"
		}
		in.StartDate = d
	}
	switch v := cell["deadline"]; {
	case v == "" && errs["deadline"] == "":
		errs["deadline"] = "form.required"
	case v != "":
		d, ok := planDate(v)
		if !ok {
			errs["deadline"] = "plan.err.date"
		}
		in.Deadline = d
	}
	for _, ph := range imp.c.Phases {
		if ph.StartDate <= in.StartDate && in.StartDate <= ph.EndDate {
			in.PhaseID = ph.ID
			break
		}
	}
}

// names resolves the units and people a row names.
func (imp *planImport) names(ctx context.Context, cell map[string]string, in *Input, errs ui.Errors) error {
	q := imp.tx
	var err error
	if v := cell["lead_unit"]; v == "" {
		errs["lead_unit"] = cmp.Or(errs["lead_unit"], "form.required")
	} else if in.LeadUnitID, err = unitByName(ctx, q, v); err != nil {
		return err
	} else if in.LeadUnitID == 0 {
		errs["lead_unit"] = "plan.err.unit_unknown"
	}
	for _, name := range SplitTags(cell["co_units"]) {
		id, err := unitByName(ctx, q, name)
		if err != nil {
			return err
		}
		if id == 0 {
			errs["co_units"] = "plan.err.unit_unknown"
			break
		}
		in.CoUnitIDs = append(in.CoUnitIDs, id)
	}
	if v := cell["responsible"]; v != "" && in.LeadUnitID != 0 {
		if in.ResponsibleID, errs["responsible"], err = onePerson(ctx, q, `SELECT u.id FROM users u WHERE NOT u.disabled
			AND (u.username = ? OR u.name = ?) AND (u.unit_id = ? OR EXISTS (SELECT 1 FROM user_units x
			WHERE x.user_id = u.id AND x.unit_id = ?))`, v, v, in.LeadUnitID, in.LeadUnitID); err != nil {
			return err
		}
	}
	if v := cell["leader"]; v != "" {
		if in.LeaderID, errs["leader"], err = onePerson(ctx, q, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
			AND r.role = ? WHERE NOT u.disabled AND (u.username = ? OR u.name = ?)`, auth.RoleLeader, v, v); err != nil {
			return err
		}
	}
	for f, k := range errs {
		if k == "" {
			delete(errs, f)
		}
	}
	return nil
}

// unitByName finds an active unit by its full or short name; 0 when none.
func unitByName(ctx context.Context, q store.Querier, name string) (int64, error) {
	if utf8.RuneCountInString(name) > 100 {
		return 0, nil
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM units WHERE active AND (name = ? OR (short_name <> '' AND short_name = ?))
		ORDER BY CASE WHEN name = ? THEN 0 ELSE 1 END, id LIMIT 1`, name, name, name).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("unit by name: %w", err)
	}
	return id, nil
}

// onePerson runs a person look-up and wants exactly one answer: none is
// unknown, two (namesakes) is ambiguous, and the user should give the username.
func onePerson(ctx context.Context, q store.Querier, query string, args ...any) (int64, string, error) {
	var ids []int64
	err := eachRow(ctx, q, query+` LIMIT 2`, args, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	switch {
	case err != nil:
		return 0, "", fmt.Errorf("person by name: %w", err)
	case len(ids) == 0:
		return 0, "plan.err.person_unknown", nil
	case len(ids) > 1:
		return 0, "plan.err.person_ambiguous", nil
	}
	return ids[0], "", nil
}

// create writes a checked input as a draft with its timeline entry and audit
// entry (as Store.Create does) and, when asked, assigns it through the workflow.
func (imp *planImport) create(ctx context.Context, in Input) (int64, error) {
	s, tx, p := imp.s, imp.tx, imp.p
	id, err := s.CreateIn(ctx, tx, p, in, StateDraft)
	if err != nil {
		return 0, err
	}
	if err := s.event(ctx, tx, p, id, "import", "", StateDraft, ""); err != nil {
		return 0, err
	}
	t := Task{ID: id, Title: in.Title, State: StateDraft, LeadUnitID: in.LeadUnitID, Deadline: in.Deadline,
		StartDate: in.StartDate, Weight: in.Weight, Version: 1}
	if err := s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(id), Action: "import", After: t.auditView()}); err != nil {
		return 0, err
	}
	if !imp.assign {
		return id, nil
	}
	got, err := s.get(ctx, tx, p, id)
	if err != nil {
		return 0, err
	}
	if err := check(p, &got, ActAssign, false); err != nil {
		return 0, err
	}
	return id, s.apply(ctx, tx, p, &got, nil, Request{Action: ActAssign, Version: got.Version})
}
