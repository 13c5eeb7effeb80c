package bulletin

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Limits on what a notice holds.
const (
	maxTitle       = 200
	maxBody        = 20000
	maxAttachments = 5
)

// Input is a notice as the form sends it.
type Input struct {
	Title      string
	Body       string
	SenderUnit string
	Campaign   string
	ToAll      bool
	Units      []string
}

// parsed is Input checked for form: ids parsed, text trimmed.
type parsed struct {
	title, body string
	sender      int64
	campaign    int64
	toAll       bool
	units       []int64
}

// parse checks the form fields alone; what needs the database (the units
// and campaign exist, the sender is the user's unit) is checked on publish.
func (in Input) parse() (parsed, error) {
	errs := ui.Errors{}
	out := parsed{title: strings.TrimSpace(in.Title), body: strings.TrimSpace(in.Body), toAll: in.ToAll}
	switch {
	case out.title == "":
		errs["title"] = "form.required"
	case utf8.RuneCountInString(out.title) > maxTitle || !utf8.ValidString(out.title):
		errs["title"] = "bulletin.err.title_long"
	}
	switch {
	case out.body == "":
		errs["body"] = "form.required"
	case utf8.RuneCountInString(out.body) > maxBody || !utf8.ValidString(out.body):
		errs["body"] = "bulletin.err.body_long"
	}
	var err error
	if out.sender, err = strconv.ParseInt(strings.TrimSpace(in.SenderUnit), 10, 64); err != nil || out.sender <= 0 {
		errs["sender_unit"] = "bulletin.err.sender"
	}
	if c := strings.TrimSpace(in.Campaign); c != "" {
		if out.campaign, err = strconv.ParseInt(c, 10, 64); err != nil || out.campaign <= 0 {
			errs["campaign"] = "bulletin.err.campaign"
		}
	}
	if !in.ToAll {
		for _, s := range in.Units {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || id <= 0 {
				errs["units"] = "bulletin.err.units"
				break
			}
			if !slices.Contains(out.units, id) {
				out.units = append(out.units, id)
			}
		}
		if len(out.units) == 0 && errs["units"] == "" {
			errs["units"] = "bulletin.err.no_units"
		}
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}
