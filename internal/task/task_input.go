package task

import (
	"slices"
	"strings"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Input is what creating or editing a task takes.
type Input struct {
	CampaignID    int64
	ParentID      int64
	PhaseID       int64
	Title         string
	Content       string
	Weight        int
	Source        string
	LeadUnitID    int64
	CoUnitIDs     []int64
	ResponsibleID int64
	LeaderID      int64
	StartDate     string
	Deadline      string
	ReportCycle   string
	Tags          []string
	Milestones    []Milestone
}

// Limits on lists.
const (
	maxTags       = 10
	maxTag        = 20
	maxMilestones = 20
	maxCoUnits    = 30
	maxWeight     = 100
)

// validate checks the fields that need no database; errors name the form field.
func (in *Input) validate() ui.Errors {
	errs := ui.Errors{}
	in.Title, in.Content = strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	checkText(errs, "title", in.Title, maxTitle, true)
	checkText(errs, "content", in.Content, maxContent, false)
	checkRange(errs, "weight", in.Weight, 1, maxWeight)
	if !slices.Contains(Sources, in.Source) {
		errs["source"] = "form.invalid"
	}
	if !slices.Contains(Cycles, in.ReportCycle) {
		errs["report_cycle"] = "form.invalid"
	}
	if in.LeadUnitID <= 0 {
		errs["lead_unit"] = "form.required"
	}
	in.CoUnitIDs = slices.DeleteFunc(slices.Compact(sorted(in.CoUnitIDs)), func(id int64) bool { return id == in.LeadUnitID || id <= 0 })
	if len(in.CoUnitIDs) > maxCoUnits {
		errs["co_units"] = "task.err.too_many"
	}
	checkPeriod(errs, "start", "deadline", &in.StartDate, &in.Deadline)
	in.validateTags(errs)
	in.validateMilestones(errs)
	return errs
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func (in *Input) validateTags(errs ui.Errors) {
	var tags []string
	for _, t := range in.Tags {
		t = strings.TrimSpace(t)
		if t == "" || slices.Contains(tags, t) {
			continue
		}
		if utf8.RuneCountInString(t) > maxTag || strings.ContainsAny(t, "<>\"'&") {
			errs["tags"] = "task.err.tag"
			return
		}
		tags = append(tags, t)
	}
	if len(tags) > maxTags {
		errs["tags"] = "task.err.too_many"
	}
	in.Tags = tags
}

// validateMilestones requires a title and a date within the task's period.
func (in *Input) validateMilestones(errs ui.Errors) {
	if len(in.Milestones) > maxMilestones {
		errs["milestones"] = "task.err.too_many"
		return
	}
	for i := range in.Milestones {
		m := &in.Milestones[i]
		m.Title = strings.TrimSpace(m.Title)
		d, ok := parseDate(m.Date)
		switch {
		case m.Title == "" || utf8.RuneCountInString(m.Title) > maxTitle:
			errs["milestones"] = "task.err.milestone"
		case !ok:
			errs["milestones"] = "task.err.milestone_date"
		case errs["deadline"] == "" && errs["start"] == "" && (d < in.StartDate || d > in.Deadline):
			errs["milestones"] = "task.err.milestone_outside"
		}
		m.Date = d
	}
}

// ParseMilestones reads one milestone a line: a date, a space, a title.
func ParseMilestones(text string) ([]Milestone, bool) {
	var out []Milestone
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		date, title, ok := strings.Cut(line, " ")
		if !ok {
			return out, false
		}
		out = append(out, Milestone{Date: date, Title: strings.TrimSpace(title)})
	}
	return out, true
}

// SplitTags splits a typed list on 、，, and spaces.
func SplitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ' ' || r == ';' || r == '；' })
}
