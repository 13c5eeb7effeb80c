package survey

import (
	"net/url"
	"slices"
	"strconv"
)

// Choice is one radio button or check box of the public form.
type Choice struct {
	Value   string
	Label   string
	Checked bool
}

// FieldView is one question as the public form draws it.
type FieldView struct {
	N       int // 1-based number shown
	Q       Question
	Field   string
	Choices []Choice
	Value   string // text or number typed
	Rows    []RowView
	Err     string // message key
	Min     string // a number question's bounds as typed, "" for none
	Max     string
	// Skip logic: the static script shows the question only while the field
	// RuleField has the value RuleValue; RuleText says it in words for
	// browsers without script.
	RuleField, RuleValue string
	RuleN                int
	RuleLabel            string
}

// RowView is one matrix row.
type RowView struct {
	Label   string
	Field   string
	Choices []Choice
}

// formView builds the public form from the survey and the values sent (nil
// for a blank form).
func formView(s Survey, places []Place, form url.Values, errs map[string]string) []FieldView {
	var out []FieldView
	num := map[string]int{}
	for i, q := range s.Questions {
		num[q.Key] = i + 1
		f := FieldView{N: i + 1, Q: q, Field: Field(q.Key), Err: errs[Field(q.Key)]}
		sent := form[f.Field]
		switch q.Type {
		case Single, Multi, Rating:
			for j, l := range q.ChoiceLabels() {
				v := strconv.Itoa(j + 1)
				f.Choices = append(f.Choices, Choice{Value: v, Label: l, Checked: slices.Contains(sent, v)})
			}
		case Village:
			for _, p := range places {
				v := strconv.FormatInt(p.ID, 10)
				f.Choices = append(f.Choices, Choice{Value: v, Label: p.Label(), Checked: slices.Contains(sent, v)})
			}
		case Matrix:
			for j, row := range q.Rows {
				rf := f.Field + "_" + strconv.Itoa(j+1)
				rv := RowView{Label: row, Field: rf}
				for _, v := range q.ScaleValues() {
					sv := strconv.Itoa(v)
					rv.Choices = append(rv.Choices, Choice{Value: sv, Label: sv, Checked: form.Get(rf) == sv})
				}
				f.Rows = append(f.Rows, rv)
			}
		default:
			f.Value = clip(form.Get(f.Field), maxLong)
			f.Min, f.Max = numText(q.Min), numText(q.Max)
		}
		if r := q.ShowIf; r != nil {
			f.RuleField, f.RuleValue, f.RuleN = Field(r.Question), strconv.Itoa(r.Option), num[r.Question]
			if t, ok := s.Question(r.Question); ok && r.Option <= len(t.Options) {
				f.RuleLabel = t.Options[r.Option-1]
			}
		}
		out = append(out, f)
	}
	return out
}

func numText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
