package survey

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Type is a question's kind.
type Type string

// The question types.
const (
	Single  Type = "single"  // one option
	Multi   Type = "multi"   // any options
	Rating  Type = "rating"  // 1..Scale
	Number  Type = "number"  // a number within Min..Max
	Short   Type = "short"   // one line of text
	Long    Type = "long"    // a paragraph
	Matrix  Type = "matrix"  // each row rated 1..Scale
	Village Type = "village" // a village or community of the region tree
)

// Types in the builder's order.
var Types = []Type{Single, Multi, Rating, Number, Short, Long, Matrix, Village}

// Limits on what the office builds and what the public types.
const (
	MaxQuestions = 60
	MaxOptions   = 30
	maxTitle     = 200
	maxOption    = 100
	maxShort     = 200
	maxLong      = 2000
)

// Question is one question of a survey, stored in the survey's JSON list.
// Options (single, multiple) and Rows (matrix) are numbered from 1 in
// answers; Scale is 5 or 10 for ratings and matrices.
type Question struct {
	Key      string    `json:"key"`
	Type     Type      `json:"type"`
	Title    string    `json:"title"`
	Required bool      `json:"required"`
	Options  []string  `json:"options,omitempty"`
	Rows     []string  `json:"rows,omitempty"`
	Scale    int       `json:"scale,omitempty"`
	Min      *float64  `json:"min,omitempty"`
	Max      *float64  `json:"max,omitempty"`
	ShowIf   *ShowRule `json:"show_if,omitempty"`
}

// ShowRule is skip logic: the question shows only when the earlier question
// Question was answered with option Option (a choice's number, 1-based).
type ShowRule struct {
	Question string `json:"question"`
	Option   int    `json:"option"`
}

// IsChoice reports whether answers are options that can be counted and
// cross-tabulated (and be the target of a skip rule, except village).
func (t Type) IsChoice() bool { return t == Single || t == Multi || t == Village || t == Rating }

// IsText reports whether answers are free text.
func (t Type) IsText() bool { return t == Short || t == Long }

// Valid reports whether t is a known type.
func (t Type) Valid() bool { return slices.Contains(Types, t) }

// ChoiceLabels lists the labels of a choice question's answers, numbered from
// 1 (village questions take theirs from the region tree instead).
func (q Question) ChoiceLabels() []string {
	switch q.Type {
	case Single, Multi:
		return q.Options
	case Rating:
		out := make([]string, q.Scale)
		for i := range out {
			out[i] = strconv.Itoa(i + 1)
		}
		return out
	}
	return nil
}

// ScaleValues is 1..Scale, for templates.
func (q Question) ScaleValues() []int {
	out := make([]int, q.Scale)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// normalize trims the text the office typed and drops empty options, so
// validation sees what would be stored.
func (q *Question) normalize() {
	q.Title = strings.TrimSpace(q.Title)
	q.Options = cleanLines(q.Options)
	q.Rows = cleanLines(q.Rows)
	if q.Type != Single && q.Type != Multi {
		q.Options = nil
	}
	if q.Type != Matrix {
		q.Rows = nil
	}
	if q.Type != Rating && q.Type != Matrix {
		q.Scale = 0
	}
	if q.Type != Number {
		q.Min, q.Max = nil, nil
	}
}

func cleanLines(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// validate checks one question on its own; errors are keyed by the builder's
// field names.
func (q Question) validate(errs ui.Errors) {
	switch n := utf8.RuneCountInString(q.Title); {
	case n == 0:
		errs["title"] = "survey.err.title_required"
	case n > maxTitle || !utf8.ValidString(q.Title):
		errs["title"] = "survey.err.too_long"
	}
	if !q.Type.Valid() {
		errs["type"] = "survey.err.type"
		return
	}
	switch q.Type {
	case Single, Multi:
		checkLines(q.Options, 2, "options", errs)
	case Matrix:
		checkLines(q.Rows, 1, "rows", errs)
	}
	if (q.Type == Rating || q.Type == Matrix) && q.Scale != 5 && q.Scale != 10 {
		errs["scale"] = "survey.err.scale"
	}
	if q.Type == Number && q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		errs["max"] = "survey.err.min_max"
	}
	for _, v := range []*float64{q.Min, q.Max} {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			errs["max"] = "survey.err.number"
		}
	}
}

// checkLines wants between least and MaxOptions distinct, short lines.
func checkLines(lines []string, least int, field string, errs ui.Errors) {
	if len(lines) < least {
		errs[field] = "survey.err." + field + "_few"
		return
	}
	if len(lines) > MaxOptions {
		errs[field] = "survey.err.options_many"
		return
	}
	seen := map[string]bool{}
	for _, s := range lines {
		if utf8.RuneCountInString(s) > maxOption || !utf8.ValidString(s) {
			errs[field] = "survey.err.too_long"
			return
		}
		if seen[s] {
			errs[field] = "survey.err.options_dup"
			return
		}
		seen[s] = true
	}
}

// ValidateQuestions checks the whole list: each question, unique keys, and
// skip rules that point back to an earlier single or multiple choice
// question and one of its options. Rules only point backwards, so the
// rules cannot form a cycle and visibility is decided in one pass.
func ValidateQuestions(qs []Question) ui.Errors {
	errs := ui.Errors{}
	if len(qs) > MaxQuestions {
		errs["questions"] = "survey.err.questions_many"
	}
	pos := map[string]int{}
	for i, q := range qs {
		q.validate(errs)
		if _, dup := pos[q.Key]; dup || q.Key == "" {
			errs["questions"] = "survey.err.key"
		}
		pos[q.Key] = i
		if q.ShowIf == nil {
			continue
		}
		j, ok := pos[q.ShowIf.Question]
		switch {
		case !ok || j >= i:
			errs["show_if"] = "survey.err.show_if_forward"
		case qs[j].Type != Single && qs[j].Type != Multi:
			errs["show_if"] = "survey.err.show_if_type"
		case q.ShowIf.Option < 1 || q.ShowIf.Option > len(qs[j].Options):
			errs["show_if"] = "survey.err.show_if_option"
		}
	}
	return errs
}

// find returns the question with key, or false.
func find(qs []Question, key string) (Question, int, bool) {
	for i, q := range qs {
		if q.Key == key {
			return q, i, true
		}
	}
	return Question{}, -1, false
}

// nextKey is a key no question of qs has (q1, q2, …). Questions change only
// while the survey is a draft, which has no answers, so a key freed by a
// delete may be given again.
func nextKey(qs []Question) string {
	n := 0
	for _, q := range qs {
		if k, err := strconv.Atoi(strings.TrimPrefix(q.Key, "q")); err == nil && k > n {
			n = k
		}
	}
	return "q" + strconv.Itoa(n+1)
}
