package task

import (
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// campaignEditPage is the campaign edit form: the change, with blank rows
// appended for new phases.
type campaignEditPage struct {
	Campaign Campaign // as stored (for the title and links)
	Form     CampaignChange
	Rows     []PhaseChange
	Err      error
}

// blankPhaseRows is how many empty rows the form offers for new phases.
const blankPhaseRows = 2

// CampaignEdit is GET /campaigns/{id}/edit (office users of the owner unit).
func (h *Pages) CampaignEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editableCampaign(r)
	if err != nil {
		return err
	}
	return h.campaignEditForm(w, r, http.StatusOK, c, ChangeOf(&c), nil)
}

// CampaignUpdate is POST /campaigns/{id}/update. Form errors show beside
// their fields (422); a campaign changed meanwhile answers 409.
func (h *Pages) CampaignUpdate(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editableCampaign(r)
	if err != nil {
		return err
	}
	ch, errs := parseCampaignChange(r)
	if ch.Version <= 0 {
		return ui.ErrBadRequest // the form always carries the version
	}
	err = errs
	if len(errs) == 0 {
		err = h.s.UpdateCampaign(r.Context(), auth.From(r.Context()), c.ID, ch)
	}
	if ui.IsInvalid(err) {
		return h.campaignEditForm(w, r, http.StatusUnprocessableEntity, c, ch, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "campaign_edit.flash.saved")
	return ui.Redirect(w, r, "/campaigns/"+itoa(c.ID))
}

// editableCampaign loads the campaign of the path and refuses anyone who
// may not change it (403: they may see it, so its existence is no secret).
func (h *Pages) editableCampaign(r *http.Request) (Campaign, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return Campaign{}, err
	}
	me := auth.From(r.Context())
	c, err := h.s.Campaign(r.Context(), me, id)
	if err != nil {
		return c, err
	}
	if !canEditCampaign(me, &c) {
		return c, ui.ErrForbidden
	}
	return c, nil
}

func (h *Pages) campaignEditForm(w http.ResponseWriter, r *http.Request, status int, c Campaign, ch CampaignChange, err error) error {
	ch.Name, ch.Description = clip(ch.Name, maxName), clip(ch.Description, maxContent)
	p := campaignEditPage{Campaign: c, Form: ch, Err: err}
	for _, row := range ch.Phases {
		row.Name, row.StartDate, row.EndDate = clip(row.Name, maxName), clip(row.StartDate, 20), clip(row.EndDate, 20)
		p.Rows = append(p.Rows, row)
	}
	for range blankPhaseRows {
		p.Rows = append(p.Rows, PhaseChange{})
	}
	return h.ui.Render(w, r, status, "campaign_edit", p)
}

// parseCampaignChange reads the edit form. Blank new rows are dropped; the
// rows keep their order so that errors point at the row re-shown.
func parseCampaignChange(r *http.Request) (CampaignChange, ui.Errors) {
	errs := ui.Errors{}
	ch := CampaignChange{Version: formInt(r, "version", 0, errs), Name: r.PostFormValue("name"),
		Description: r.PostFormValue("description"), StartDate: r.PostFormValue("start"), EndDate: r.PostFormValue("end"),
		ReportWorkdays: r.PostFormValue("report_workdays") != "calendar",
		Settings: Settings{LagRed: formInt(r, "lag_red", 0, errs), LagYellow: formInt(r, "lag_yellow", 0, errs),
			DueDays: formInt(r, "due_days", 0, errs), OrangeDays: formInt(r, "orange_days", 0, errs),
			RedDays: formInt(r, "red_days", 0, errs)}}
	rows := min(max(formInt(r, "phase_rows", 0, errs), 0), maxPhaseRows+blankPhaseRows)
	for i := range rows {
		f := "phase" + strconv.Itoa(i)
		ph := PhaseChange{Phase: Phase{ID: formID(r, f+"_id", errs), Name: r.PostFormValue(f + "_name"),
			StartDate: r.PostFormValue(f + "_start"), EndDate: r.PostFormValue(f + "_end")},
			Remove: r.PostFormValue(f+"_remove") == "1"}
		if ph.ID == 0 && (ph.Remove || ph.Name == "" && ph.StartDate == "" && ph.EndDate == "") {
			continue
		}
		ph.Remove = ph.Remove && ph.ID != 0
		ch.Phases = append(ch.Phases, ph)
	}
	return ch, errs
}
