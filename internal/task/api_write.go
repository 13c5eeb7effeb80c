package task

import (
	"net/http"

	"tongchou/internal/api"
	"tongchou/internal/auth"
)

// apiCampaignInput is the body of POST /api/v1/campaigns and
// PUT /api/v1/campaigns/{id}. Settings left out keep the defaults on
// create and the current values on update; version is required on update.
type apiCampaignInput struct {
	Name           string        `json:"name"`
	Description    string        `json:"description"`
	Start          string        `json:"start"`
	End            string        `json:"end"`
	Settings       *apiSettings  `json:"settings"`
	ReportWorkdays *bool         `json:"report_workdays"`
	Phases         []apiPhaseRow `json:"phases"`
	Version        int           `json:"version"`
}

// apiPhaseRow is one phase in a campaign body: id 0 adds a phase, an
// existing id keeps it (with the new values) and remove deletes it.
type apiPhaseRow struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Remove bool   `json:"remove"`
}

func (s *apiSettings) settings() Settings {
	return Settings{LagRed: s.LagRed, LagYellow: s.LagYellow, DueDays: s.DueDays, OrangeDays: s.OrangeDays, RedDays: s.RedDays}
}

// createCampaign is POST /api/v1/campaigns (office): the campaign is owned
// by the caller's unit, as on the page.
func (h *APIHandlers) createCampaign(w http.ResponseWriter, r *http.Request) error {
	var body apiCampaignInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	c := Campaign{Name: body.Name, Description: body.Description, StartDate: body.Start, EndDate: body.End,
		Settings: DefaultSettings}
	if body.Settings != nil {
		c.Settings = body.Settings.settings()
	}
	for _, ph := range body.Phases {
		c.Phases = append(c.Phases, Phase{Name: ph.Name, StartDate: ph.Start, EndDate: ph.End})
	}
	p := auth.From(r.Context())
	if err := h.s.CreateCampaign(r.Context(), p, &c); err != nil {
		return err
	}
	out, err := h.s.Campaign(r.Context(), p, c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/campaigns/"+itoa(c.ID))
	return api.JSON(w, http.StatusCreated, campaignJSON(out))
}

// updateCampaign is PUT /api/v1/campaigns/{id} (office of the owner unit),
// from the version the client read (else 409). Phases not listed are kept.
func (h *APIHandlers) updateCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiCampaignInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	p := auth.From(r.Context())
	cur, err := h.s.Campaign(r.Context(), p, id)
	if err != nil {
		return err
	}
	ch := CampaignChange{Version: body.Version, Name: body.Name, Description: body.Description, StartDate: body.Start,
		EndDate: body.End, Settings: cur.Settings, ReportWorkdays: cur.ReportWorkdays}
	if body.Settings != nil {
		ch.Settings = body.Settings.settings()
	}
	if body.ReportWorkdays != nil {
		ch.ReportWorkdays = *body.ReportWorkdays
	}
	ch.Phases = phaseChanges(cur.Phases, body.Phases)
	if err := h.s.UpdateCampaign(r.Context(), p, id, ch); err != nil {
		return err
	}
	out, err := h.s.Campaign(r.Context(), p, id)
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, campaignJSON(out))
}

// phaseChanges lists every current phase (changed or removed when the body
// names it, unchanged otherwise) followed by the body's new phases.
func phaseChanges(cur []Phase, rows []apiPhaseRow) []PhaseChange {
	byID := map[int64]apiPhaseRow{}
	var out []PhaseChange
	for _, row := range rows {
		if row.ID == 0 {
			continue
		}
		byID[row.ID] = row
	}
	for _, ph := range cur {
		if row, ok := byID[ph.ID]; ok {
			out = append(out, PhaseChange{Phase: Phase{ID: ph.ID, Name: row.Name, StartDate: row.Start, EndDate: row.End},
				Remove: row.Remove})
			continue
		}
		out = append(out, PhaseChange{Phase: ph})
	}
	for _, row := range rows {
		if row.ID == 0 && !row.Remove {
			out = append(out, PhaseChange{Phase: Phase{Name: row.Name, StartDate: row.Start, EndDate: row.End}})
		}
	}
	return out
}

// apiTaskUpdate is the body of PUT /api/v1/tasks/{id}: every editable field
// (as on the edit page) and the version the client read.
type apiTaskUpdate struct {
	apiTaskInput
	Version int `json:"version"`
}

// updateTask is PUT /api/v1/tasks/{id} (office, open tasks): the campaign
// and parent stay; moving a task has its own page.
func (h *APIHandlers) updateTask(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiTaskUpdate
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	in, errs := body.input(0)
	if body.Version <= 0 {
		errs["version"] = "form.required"
	}
	if len(errs) > 0 {
		return errs
	}
	p := auth.From(r.Context())
	if err := h.s.Update(r.Context(), p, id, body.Version, in); err != nil {
		return renameFields(err, taskFieldNames)
	}
	t, err := h.taskDetail(r.Context(), r, p, id)
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, t)
}
