package survey_test

import (
	"testing"

	"tongchou/internal/survey"
)

func f(v float64) *float64 { return &v }

func TestValidateQuestions(t *testing.T) {
	single := survey.Question{Key: "q1", Type: survey.Single, Title: "最关心", Options: []string{"就业", "住房"}}
	for _, tc := range []struct {
		name  string
		qs    []survey.Question
		field string // "" = valid
	}{
		{"SingleValid", []survey.Question{single}, ""},
		{"MultiValid", []survey.Question{{Key: "q1", Type: survey.Multi, Title: "哪些", Options: []string{"a", "b", "c"}}}, ""},
		{"RatingFive", []survey.Question{{Key: "q1", Type: survey.Rating, Title: "满意度", Scale: 5}}, ""},
		{"RatingTen", []survey.Question{{Key: "q1", Type: survey.Rating, Title: "满意度", Scale: 10}}, ""},
		{"RatingSevenRefused", []survey.Question{{Key: "q1", Type: survey.Rating, Title: "满意度", Scale: 7}}, "scale"},
		{"NumberValid", []survey.Question{{Key: "q1", Type: survey.Number, Title: "人数", Min: f(0), Max: f(20)}}, ""},
		{"NumberMinAboveMaxRefused", []survey.Question{{Key: "q1", Type: survey.Number, Title: "人数", Min: f(5), Max: f(1)}}, "max"},
		{"ShortValid", []survey.Question{{Key: "q1", Type: survey.Short, Title: "建议"}}, ""},
		{"LongValid", []survey.Question{{Key: "q1", Type: survey.Long, Title: "建议"}}, ""},
		{"MatrixValid", []survey.Question{{Key: "q1", Type: survey.Matrix, Title: "评价", Rows: []string{"学校", "医院"}, Scale: 5}}, ""},
		{"MatrixWithoutRowsRefused", []survey.Question{{Key: "q1", Type: survey.Matrix, Title: "评价", Scale: 5}}, "rows"},
		{"VillageValid", []survey.Question{{Key: "q1", Type: survey.Village, Title: "村"}}, ""},
		{"UnknownTypeRefused", []survey.Question{{Key: "q1", Type: "essay", Title: "x"}}, "type"},
		{"EmptyTitleRefused", []survey.Question{{Key: "q1", Type: survey.Short, Title: ""}}, "title"},
		{"OneOptionRefused", []survey.Question{{Key: "q1", Type: survey.Single, Title: "x", Options: []string{"a"}}}, "options"},
		{"DuplicateOptionRefused", []survey.Question{{Key: "q1", Type: survey.Single, Title: "x", Options: []string{"a", "a"}}}, "options"},
		{"DuplicateKeyRefused", []survey.Question{single, single}, "questions"},
		{"RuleBackwardValid", []survey.Question{single, {Key: "q2", Type: survey.Short, Title: "为什么", ShowIf: &survey.ShowRule{Question: "q1", Option: 1}}}, ""},
		{"RuleForwardRefused", []survey.Question{{Key: "q2", Type: survey.Short, Title: "为什么", ShowIf: &survey.ShowRule{Question: "q1", Option: 1}}, single}, "show_if"},
		{"RuleOnItselfRefused", []survey.Question{{Key: "q1", Type: survey.Single, Title: "x", Options: []string{"a", "b"}, ShowIf: &survey.ShowRule{Question: "q1", Option: 1}}}, "show_if"},
		{"RuleCycleRefused", []survey.Question{
			{Key: "q1", Type: survey.Single, Title: "x", Options: []string{"a", "b"}, ShowIf: &survey.ShowRule{Question: "q2", Option: 1}},
			{Key: "q2", Type: survey.Single, Title: "y", Options: []string{"a", "b"}, ShowIf: &survey.ShowRule{Question: "q1", Option: 1}}}, "show_if"},
		{"RuleMissingOptionRefused", []survey.Question{single, {Key: "q2", Type: survey.Short, Title: "为什么", ShowIf: &survey.ShowRule{Question: "q1", Option: 3}}}, "show_if"},
		{"RuleOnTextRefused", []survey.Question{{Key: "q1", Type: survey.Short, Title: "x"}, {Key: "q2", Type: survey.Short, Title: "y", ShowIf: &survey.ShowRule{Question: "q1", Option: 1}}}, "show_if"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := survey.ValidateQuestions(tc.qs)
			if tc.field == "" && len(errs) > 0 {
				t.Fatalf("valid list refused: %v", errs)
			}
			if tc.field != "" && errs[tc.field] == "" {
				t.Fatalf("errors %v, want one on %q", errs, tc.field)
			}
		})
	}
}
