package task

import (
	"slices"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// CampaignChange is what the campaign edit form submits: the whole campaign
// as the editor wants it, from the version they saw.
type CampaignChange struct {
	Version        int
	Name           string
	Description    string
	StartDate      string
	EndDate        string
	Settings       Settings
	ReportWorkdays bool
	// Phases in form order: every existing phase (kept or marked Remove)
	// and the new ones (ID 0). Row i's errors use the fields phase<i>_*.
	Phases []PhaseChange
}

// PhaseChange is one phase row of the edit form.
type PhaseChange struct {
	Phase
	Remove bool // an existing phase to delete; refused while tasks use it
}

// Limits of a campaign's settings, on the create and the edit form: a yellow
// threshold of 0 would turn every task yellow, and a due-soon window longer
// than two working weeks warns too early to mean anything.
const (
	minDueDays, maxDueDays     = 1, 10
	minEscalDays, maxEscalDays = 1, 30
	maxPhaseRows               = 30
)

// canEditCampaign reports whether p may change c: an office user of the
// campaign's owner unit (their own unit or one they serve part-time). Office
// users of another unit see the campaign but may not change it.
func canEditCampaign(p *auth.Principal, c *Campaign) bool {
	return p.Has(auth.RoleOffice) && (p.UnitID == c.OwnerUnitID || slices.Contains(p.Units, c.OwnerUnitID))
}

// validate checks the change; errors name the form fields. Rules:
//   - name 1–100 characters, description up to 5000, start ≤ end;
//   - thresholds 0 < yellow < red ≤ 100, due-soon 1–10 working days,
//     orange and red escalation 1–30 working days;
//   - kept and new phases lie inside the period and follow each other in
//     form order without overlapping: a phase starts after the previous one
//     ends (a shared day would put a date in two phases, and the board's
//     "current phase" must be one). Gaps between phases are allowed.
//     Removed rows are not checked (whether they may go is the store's
//     question: only while no task uses them).
func (c *CampaignChange) validate() ui.Errors {
	errs := ui.Errors{}
	c.Name, c.Description = strings.TrimSpace(c.Name), strings.TrimSpace(c.Description)
	checkText(errs, "name", c.Name, maxName, true)
	checkText(errs, "description", c.Description, maxContent, false)
	checkPeriod(errs, "start", "end", &c.StartDate, &c.EndDate)
	c.validateSettings(errs)
	if len(c.Phases) > maxPhaseRows {
		errs["phases"] = "campaign_edit.err.too_many_phases"
		return errs
	}
	prevEnd, seq := "", 0
	for i := range c.Phases {
		p := &c.Phases[i]
		if p.Remove {
			continue
		}
		seq++
		p.Seq = seq
		f := "phase" + itoa(int64(i))
		p.Name = strings.TrimSpace(p.Name)
		checkText(errs, f+"_name", p.Name, maxName, true)
		checkPeriod(errs, f+"_start", f+"_end", &p.StartDate, &p.EndDate)
		if errs[f+"_start"] != "" || errs[f+"_end"] != "" {
			prevEnd = ""
			continue
		}
		periodOK := errs["start"] == "" && errs["end"] == ""
		switch {
		case periodOK && p.StartDate < c.StartDate:
			errs[f+"_start"] = "task.err.outside_campaign"
		case prevEnd != "" && p.StartDate <= prevEnd:
			errs[f+"_start"] = "campaign_edit.err.phase_overlap"
		}
		if periodOK && p.EndDate > c.EndDate {
			errs[f+"_end"] = "task.err.outside_campaign"
		}
		prevEnd = p.EndDate
	}
	return errs
}

// validateSettings checks the light thresholds and escalation delays; each
// message names the allowed range.
func (c *CampaignChange) validateSettings(errs ui.Errors) {
	st := c.Settings
	rangeErr(errs, "lag_red", st.LagRed, 2, 100, "campaign_edit.err.lag_red")
	rangeErr(errs, "lag_yellow", st.LagYellow, 1, 99, "campaign_edit.err.lag_yellow")
	if errs["lag_red"] == "" && errs["lag_yellow"] == "" && st.LagYellow >= st.LagRed {
		errs["lag_yellow"] = "task.err.lag_order"
	}
	rangeErr(errs, "due_days", st.DueDays, minDueDays, maxDueDays, "campaign_edit.err.due_days")
	rangeErr(errs, "orange_days", st.OrangeDays, minEscalDays, maxEscalDays, "campaign_edit.err.escalate_days")
	rangeErr(errs, "red_days", st.RedDays, minEscalDays, maxEscalDays, "campaign_edit.err.escalate_days")
}

// rangeErr sets key on field when v is outside lo–hi, unless the field
// already has an error (an unreadable number, say).
func rangeErr(errs ui.Errors, field string, v, lo, hi int, key string) {
	if errs[field] == "" && (v < lo || v > hi) {
		errs[field] = key
	}
}

// ChangeOf is the edit form's starting point: c as it stands.
func ChangeOf(c *Campaign) CampaignChange {
	ch := CampaignChange{Version: c.Version, Name: c.Name, Description: c.Description, StartDate: c.StartDate,
		EndDate: c.EndDate, Settings: c.Settings, ReportWorkdays: c.ReportWorkdays}
	for _, p := range c.Phases {
		ch.Phases = append(ch.Phases, PhaseChange{Phase: p})
	}
	return ch
}

// auditView is what the audit log keeps of a campaign's editable fields.
func (c *CampaignChange) auditView() map[string]any {
	var phases []map[string]any
	for _, p := range c.Phases {
		if !p.Remove {
			phases = append(phases, map[string]any{"id": p.ID, "name": p.Name, "start": p.StartDate, "end": p.EndDate})
		}
	}
	return map[string]any{"name": c.Name, "start": c.StartDate, "end": c.EndDate, "settings": c.Settings,
		"report_workdays": c.ReportWorkdays, "phases": phases, "version": c.Version}
}
