package survey

import (
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// State is where a survey is in its life.
type State string

// The states: questions change only in a draft; a published survey takes
// answers until it is closed by hand or its close date has passed.
const (
	Draft     State = "draft"
	Published State = "published"
	Closed    State = "closed"
)

// Survey is a questionnaire.
type Survey struct {
	ID          int64
	Slug        string
	Title       string
	Intro       string
	State       State
	Anonymous   bool
	CloseOn     string // last day answers are taken, YYYY-MM-DD; "" = until closed
	IPLimit     int    // responses per address per day; 0 = no cap
	CampaignID  int64  // 0 = none
	Questions   []Question
	CreatedAt   time.Time
	PublishedAt time.Time
	Responses   int // filled by lists and the results page
}

// Meta is the part of a survey the office edits in one form.
type Meta struct {
	Title      string
	Intro      string
	Anonymous  bool
	CloseOn    string
	IPLimit    int
	CampaignID int64
}

const maxIntro = 2000

// validate checks the form; today is the office's date (Asia/Shanghai).
func (m *Meta) validate(today string) ui.Errors {
	errs := ui.Errors{}
	m.Title, m.Intro, m.CloseOn = strings.TrimSpace(m.Title), strings.TrimSpace(m.Intro), strings.TrimSpace(m.CloseOn)
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		errs["title"] = "survey.err.title_required"
	case n > maxTitle || !utf8.ValidString(m.Title):
		errs["title"] = "survey.err.too_long"
	}
	if utf8.RuneCountInString(m.Intro) > maxIntro || !utf8.ValidString(m.Intro) {
		errs["intro"] = "survey.err.too_long"
	}
	if m.CloseOn != "" {
		if d, err := time.Parse(time.DateOnly, m.CloseOn); err != nil || d.Format(time.DateOnly) != m.CloseOn {
			errs["close_on"] = "survey.err.date"
		} else if m.CloseOn < today {
			errs["close_on"] = "survey.err.date_past"
		}
	}
	if m.IPLimit < 0 || m.IPLimit > 100000 {
		errs["ip_limit"] = "survey.err.ip_limit"
	}
	return errs
}

// Open reports whether the survey takes answers on day today (YYYY-MM-DD).
func (s Survey) Open(today string) bool {
	return s.State == Published && (s.CloseOn == "" || today <= s.CloseOn)
}

// Editable reports whether questions may still change.
func (s Survey) Editable() bool { return s.State == Draft }

// Meta returns the editable part.
func (s Survey) Meta() Meta {
	return Meta{Title: s.Title, Intro: s.Intro, Anonymous: s.Anonymous, CloseOn: s.CloseOn, IPLimit: s.IPLimit, CampaignID: s.CampaignID}
}

// Question returns the question with key.
func (s Survey) Question(key string) (Question, bool) {
	q, _, ok := find(s.Questions, key)
	return q, ok
}

// PublicPath is the survey's public address.
func (s Survey) PublicPath() string { return "/s/" + s.Slug }

// today is the date in Asia/Shanghai.
func today(now time.Time) string { return now.In(ui.Shanghai).Format(time.DateOnly) }

// RuleView is a skip rule in words: the number of the question it reads and
// the option's label.
type RuleView struct {
	N      int
	Option string
}

// RuleOf describes q's skip rule (zero when it has none).
func (s Survey) RuleOf(q Question) RuleView {
	if q.ShowIf == nil {
		return RuleView{}
	}
	t, i, ok := find(s.Questions, q.ShowIf.Question)
	if !ok || q.ShowIf.Option < 1 || q.ShowIf.Option > len(t.Options) {
		return RuleView{}
	}
	return RuleView{N: i + 1, Option: t.Options[q.ShowIf.Option-1]}
}
