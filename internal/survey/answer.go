package survey

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Answer is one stored answer value (see survey_answers).
type Answer struct {
	Question string
	Item     string // matrix row number
	Choice   string // option number, rating, scale value or region id
	Num      *float64
	Text     string
}

// Field is the form field of question key (a matrix row adds "_<row>").
func Field(key string) string { return "q_" + key }

// ParseAnswers reads the public form. Skip logic is applied here, whatever
// the browser did: a question whose rule is not met is not visible, its
// answers are dropped and its required flag does not apply. villages is the
// set of region ids a village question accepts. Errors are keyed by field.
func (s Survey) ParseAnswers(form url.Values, villages map[int64]bool) ([]Answer, ui.Errors) {
	errs := ui.Errors{}
	var out []Answer
	chosen := map[string][]string{} // visible choice questions' answers, for the rules
	for _, q := range s.Questions {
		if r := q.ShowIf; r != nil && !slices.Contains(chosen[r.Question], strconv.Itoa(r.Option)) {
			continue
		}
		got, key := parseOne(q, form, villages)
		if key == "" && len(got) == 0 && q.Required {
			key = "survey.err.answer_required"
		}
		if key != "" {
			errs[Field(q.Key)] = key
			continue
		}
		for _, a := range got {
			chosen[q.Key] = append(chosen[q.Key], a.Choice)
		}
		out = append(out, got...)
	}
	return out, errs
}

// Visible reports which questions show for the answers in form (the same
// rule as ParseAnswers), for re-rendering a form with errors.
func (s Survey) Visible(form url.Values) map[string]bool {
	vis := map[string]bool{}
	for _, q := range s.Questions {
		r := q.ShowIf
		vis[q.Key] = r == nil || (vis[r.Question] && slices.Contains(form[Field(r.Question)], strconv.Itoa(r.Option)))
	}
	return vis
}

// parseOne returns the answers to q, or the message key of what is wrong.
// An unanswered question gives no answers and no error.
func parseOne(q Question, form url.Values, villages map[int64]bool) ([]Answer, string) {
	one := strings.TrimSpace(form.Get(Field(q.Key)))
	switch q.Type {
	case Single, Rating:
		if one == "" {
			return nil, ""
		}
		if !inRange(one, len(q.ChoiceLabels())) {
			return nil, "survey.err.answer_invalid"
		}
		return []Answer{{Question: q.Key, Choice: one}}, ""
	case Multi:
		return parseMulti(q, form[Field(q.Key)])
	case Village:
		if one == "" {
			return nil, ""
		}
		id, err := strconv.ParseInt(one, 10, 64)
		if err != nil || !villages[id] {
			return nil, "survey.err.answer_invalid"
		}
		return []Answer{{Question: q.Key, Choice: one}}, ""
	case Number:
		return parseNumber(q, one)
	case Short, Long:
		return parseText(q, form.Get(Field(q.Key)))
	case Matrix:
		return parseMatrix(q, form)
	}
	return nil, "survey.err.answer_invalid"
}

// inRange reports whether s is a plain number from 1 to n.
func inRange(s string, n int) bool {
	v, err := strconv.Atoi(s)
	return err == nil && v >= 1 && v <= n && strconv.Itoa(v) == s
}

func parseMulti(q Question, vals []string) ([]Answer, string) {
	if len(vals) > len(q.Options) {
		return nil, "survey.err.answer_invalid"
	}
	var out []Answer
	seen := map[string]bool{}
	for _, v := range vals {
		if !inRange(v, len(q.Options)) || seen[v] {
			return nil, "survey.err.answer_invalid"
		}
		seen[v] = true
		out = append(out, Answer{Question: q.Key, Choice: v})
	}
	return out, ""
}

func parseNumber(q Question, s string) ([]Answer, string) {
	if s == "" {
		return nil, ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || len(s) > 30 || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, "survey.err.answer_number"
	}
	if (q.Min != nil && v < *q.Min) || (q.Max != nil && v > *q.Max) {
		return nil, "survey.err.answer_range"
	}
	return []Answer{{Question: q.Key, Num: &v}}, ""
}

func parseText(q Question, s string) ([]Answer, string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return nil, ""
	}
	limit := maxLong
	if q.Type == Short {
		limit = maxShort
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > limit || strings.ContainsRune(s, 0) {
		return nil, "survey.err.answer_too_long"
	}
	return []Answer{{Question: q.Key, Text: s}}, ""
}

// parseMatrix wants every row answered when the question is required, and a
// scale value for each row that is.
func parseMatrix(q Question, form url.Values) ([]Answer, string) {
	var out []Answer
	for i := range q.Rows {
		item := strconv.Itoa(i + 1)
		v := strings.TrimSpace(form.Get(Field(q.Key) + "_" + item))
		if v == "" {
			if q.Required && len(out) > 0 {
				return nil, "survey.err.answer_rows"
			}
			continue
		}
		if !inRange(v, q.Scale) {
			return nil, "survey.err.answer_invalid"
		}
		out = append(out, Answer{Question: q.Key, Item: item, Choice: v})
	}
	if q.Required && len(out) > 0 && len(out) < len(q.Rows) {
		return nil, "survey.err.answer_rows"
	}
	return out, ""
}
