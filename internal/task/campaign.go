package task

import (
	"strings"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Campaign is a 专项活动: its period, the office's unit that runs it, its
// phases and the thresholds its lights and escalation use.
type Campaign struct {
	ID            int64
	Name          string
	Description   string
	StartDate     string
	EndDate       string
	OwnerUnitID   int64
	OwnerUnitName string
	Settings      Settings
	Phases        []Phase
	Version       int
	TaskCount     int

	// ReportWorkdays says whether report due dates follow the working-day
	// calendar (campaigns.report_workdays; a new campaign keeps the column's
	// default, true). Changed on the campaign edit page (campaign_edit*.go).
	ReportWorkdays bool
}

// Settings are a campaign's light thresholds (lag in percentage points,
// days before the deadline) and escalation delays (working days).
type Settings struct {
	LagRed     int
	LagYellow  int
	DueDays    int
	OrangeDays int
	RedDays    int
}

// DefaultSettings are the thresholds local governments use.
var DefaultSettings = Settings{LagRed: 30, LagYellow: 10, DueDays: 3, OrangeDays: 2, RedDays: 3}

// Phase is a stage of a campaign.
type Phase struct {
	ID        int64
	Seq       int
	Name      string
	StartDate string
	EndDate   string
}

// DefaultPhases are the usual four stages.
var DefaultPhases = []string{"动员部署", "调研摸底", "集中攻坚", "总结提升"}

// Limits on text fields, in characters.
const (
	maxName    = 100
	maxTitle   = 200
	maxContent = 5000
	maxReason  = 1000
)

// validate checks the campaign and its phases; errors name the form fields.
func (c *Campaign) validate() ui.Errors {
	errs := ui.Errors{}
	c.Name, c.Description = strings.TrimSpace(c.Name), strings.TrimSpace(c.Description)
	checkText(errs, "name", c.Name, maxName, true)
	checkText(errs, "description", c.Description, maxContent, false)
	checkPeriod(errs, "start", "end", &c.StartDate, &c.EndDate)
	st := c.Settings
	checkRange(errs, "lag_red", st.LagRed, 1, 100)
	// The same limits as the edit form (campaign_edit.go), so a campaign is
	// never created with settings its own edit form would refuse.
	checkRange(errs, "lag_yellow", st.LagYellow, 1, 99)
	if _, bad := errs["lag_yellow"]; !bad && st.LagYellow >= st.LagRed {
		errs["lag_yellow"] = "task.err.lag_order"
	}
	checkRange(errs, "due_days", st.DueDays, minDueDays, maxDueDays)
	checkRange(errs, "orange_days", st.OrangeDays, minEscalDays, maxEscalDays)
	checkRange(errs, "red_days", st.RedDays, minEscalDays, maxEscalDays)
	for i := range c.Phases {
		p := &c.Phases[i]
		f := "phase" + itoa(int64(i))
		p.Name = strings.TrimSpace(p.Name)
		checkText(errs, f+"_name", p.Name, maxName, true)
		checkPeriod(errs, f+"_start", f+"_end", &p.StartDate, &p.EndDate)
		if errs[f+"_start"] == "" && errs["start"] == "" && p.StartDate < c.StartDate {
			errs[f+"_start"] = "task.err.outside_campaign"
		}
		if errs[f+"_end"] == "" && errs["end"] == "" && p.EndDate > c.EndDate {
			errs[f+"_end"] = "task.err.outside_campaign"
		}
		p.Seq = i + 1
	}
	return errs
}

// checkText requires a non-empty value when required and limits its length.
func checkText(errs ui.Errors, field, v string, max int, required bool) {
	switch {
	case required && v == "":
		errs[field] = "form.required"
	case utf8.RuneCountInString(v) > max:
		errs[field] = "form.too_long"
	}
}

// checkPeriod normalises two dates and requires start ≤ end; the error sits
// beside the end field.
func checkPeriod(errs ui.Errors, startField, endField string, start, end *string) {
	s, okS := parseDate(*start)
	e, okE := parseDate(*end)
	if !okS {
		errs[startField] = dateErr(*start)
	}
	if !okE {
		errs[endField] = dateErr(*end)
	}
	if okS {
		*start = s
	}
	if okE {
		*end = e
	}
	if okS && okE && e < s {
		errs[endField] = "task.err.end_before_start"
	}
}

func dateErr(v string) string {
	if strings.TrimSpace(v) == "" {
		return "form.required"
	}
	return "task.err.date"
}

func checkRange(errs ui.Errors, field string, v, lo, hi int) {
	if v < lo || v > hi {
		errs[field] = "task.err.range"
	}
}
