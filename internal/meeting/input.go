package meeting

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Limits on stored text (characters).
const (
	maxTitle     = 200
	maxPlace     = 200
	maxAgenda    = 10000
	maxMinutes   = 50000
	maxStatement = 20000
	maxDecision  = 2000
	maxOpinion   = 2000
	maxGroup     = 50
	maxName      = 50
	maxUnits     = 100
	maxAttendees = 200
)

// Input is what creating or editing a meeting takes.
type Input struct {
	CampaignID int64
	Kind       string
	Title      string
	HeldAt     string // as typed: 'YYYY-MM-DDTHH:MM' (datetime-local) in Shanghai time
	Place      string
	ChairID    int64
	Agenda     string
	UnitIDs    []int64
}

// validate checks the fields that need no database and returns the meeting
// time in UTC.
func (in *Input) validate(errs ui.Errors) time.Time {
	in.Title, in.Place, in.Agenda = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place), strings.TrimSpace(in.Agenda)
	checkText(errs, "title", in.Title, maxTitle, true)
	checkText(errs, "place", in.Place, maxPlace, false)
	checkText(errs, "agenda", in.Agenda, maxAgenda, false)
	if !ValidKind(in.Kind) {
		errs["kind"] = "form.invalid"
	}
	if in.CampaignID <= 0 {
		errs["campaign"] = "form.required"
	}
	at, code := parseDateTime(in.HeldAt)
	if code != "" {
		errs["held_at"] = code
	}
	in.UnitIDs = uniqueIDs(in.UnitIDs)
	if len(in.UnitIDs) > maxUnits {
		errs["units"] = "meeting.err.too_many"
	}
	return at
}

// checkText sets a form error for a missing, too long or invalid text.
func checkText(errs ui.Errors, field, v string, limit int, required bool) {
	switch {
	case required && v == "":
		errs[field] = "form.required"
	case !utf8.ValidString(v):
		errs[field] = "form.invalid"
	case utf8.RuneCountInString(v) > limit:
		errs[field] = "form.too_long"
	}
}

// parseDateTime reads a civil date and time in Shanghai as typed in a
// datetime-local input (also with a space, or seconds); the code is ” when
// fine, else the message key.
func parseDateTime(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "form.required"
	}
	if len(s) > 25 {
		return time.Time{}, "meeting.err.datetime"
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, ui.Shanghai); err == nil && t.Year() >= 2000 && t.Year() < 2100 {
			return t.UTC(), ""
		}
	}
	return time.Time{}, "meeting.err.datetime"
}

// parseDate checks a 'YYYY-MM-DD' date (also 2026/5/6) and normalises it.
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20 {
		return "", false
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006-1-2"} {
		if d, err := time.Parse(layout, s); err == nil && d.Year() >= 2000 && d.Year() < 2100 {
			return d.Format("2006-01-02"), true
		}
	}
	return "", false
}

// localInput formats t for a datetime-local input in Shanghai time.
func localInput(t time.Time) string { return t.In(ui.Shanghai).Format("2006-01-02T15:04") }

// uniqueIDs drops duplicates and non-positive ids, keeping order.
func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
