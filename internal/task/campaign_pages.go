package task

import (
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type campaignsPage struct {
	Campaigns []Campaign
	CanCreate bool
	Today     string
}

// Campaigns is GET /campaigns.
func (h *Pages) Campaigns(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	cs, err := h.s.Campaigns(r.Context(), me)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "task_campaigns", campaignsPage{Campaigns: cs, CanCreate: me.Has(auth.RoleOffice), Today: h.s.today()})
}

type campaignFormPage struct {
	Form   Campaign
	Phases []Phase // always phaseRows rows; blank ones are skipped
	Err    error
}

const phaseRows = 6

// CampaignNew is GET /campaigns/new (office).
func (h *Pages) CampaignNew(w http.ResponseWriter, r *http.Request) error {
	c := Campaign{Settings: DefaultSettings}
	for _, n := range DefaultPhases {
		c.Phases = append(c.Phases, Phase{Name: n})
	}
	return h.campaignForm(w, r, http.StatusOK, c, nil)
}

func (h *Pages) campaignForm(w http.ResponseWriter, r *http.Request, status int, c Campaign, err error) error {
	p := campaignFormPage{Form: c, Err: err}
	p.Form.Name, p.Form.Description = clip(c.Name, maxName), clip(c.Description, maxContent)
	p.Phases = make([]Phase, phaseRows)
	copy(p.Phases, c.Phases)
	for i := range p.Phases {
		p.Phases[i].Name = clip(p.Phases[i].Name, maxName)
	}
	return h.ui.Render(w, r, status, "task_campaign_form", p)
}

// parseCampaign reads the form; phase rows left blank are dropped.
func parseCampaign(r *http.Request) (Campaign, ui.Errors) {
	errs := ui.Errors{}
	c := Campaign{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"),
		StartDate: r.PostFormValue("start"), EndDate: r.PostFormValue("end"),
		Settings: Settings{LagRed: formInt(r, "lag_red", 30, errs), LagYellow: formInt(r, "lag_yellow", 10, errs),
			DueDays: formInt(r, "due_days", 3, errs), OrangeDays: formInt(r, "orange_days", 2, errs), RedDays: formInt(r, "red_days", 3, errs)}}
	for i := range phaseRows {
		f := "phase" + strconv.Itoa(i)
		ph := Phase{Name: r.PostFormValue(f + "_name"), StartDate: r.PostFormValue(f + "_start"), EndDate: r.PostFormValue(f + "_end")}
		if ph.Name == "" && ph.StartDate == "" && ph.EndDate == "" {
			continue
		}
		c.Phases = append(c.Phases, ph)
	}
	return c, errs
}

// CampaignCreate is POST /campaigns/create (office).
func (h *Pages) CampaignCreate(w http.ResponseWriter, r *http.Request) error {
	c, errs := parseCampaign(r)
	var err error = errs
	if len(errs) == 0 {
		err = h.s.CreateCampaign(r.Context(), auth.From(r.Context()), &c)
	}
	if ui.IsInvalid(err) {
		return h.campaignForm(w, r, http.StatusUnprocessableEntity, c, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "task.flash.campaign_created")
	return ui.Redirect(w, r, "/campaigns/"+itoa(c.ID))
}

type campaignPage struct {
	Campaign  Campaign
	Current   *Phase
	Today     string
	CanCreate bool
	CanEdit   bool // an office user of the owner unit (campaign_edit.go)
}

// Campaign is GET /campaigns/{id}.
func (h *Pages) Campaign(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	me := auth.From(r.Context())
	c, err := h.s.Campaign(r.Context(), me, id)
	if err != nil {
		return err
	}
	today := h.s.today()
	return h.ui.Render(w, r, http.StatusOK, "task_campaign", campaignPage{Campaign: c, Current: c.CurrentPhase(today),
		Today: today, CanCreate: me.Has(auth.RoleOffice), CanEdit: canEditCampaign(me, &c)})
}
