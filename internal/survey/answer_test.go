package survey_test

import (
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/survey"
)

// testSurvey has one question of every type; q2 shows only when q1 = 1 (就业)
// and q3 only when q2 (itself conditional) includes option 2.
func testSurvey() survey.Survey {
	return survey.Survey{ID: 1, Questions: []survey.Question{
		{Key: "q1", Type: survey.Single, Title: "最关心", Required: true, Options: []string{"就业", "住房", "教育", "医疗"}},
		{Key: "q2", Type: survey.Multi, Title: "就业方面", Required: true, Options: []string{"岗位", "培训", "工资"}, ShowIf: &survey.ShowRule{Question: "q1", Option: 1}},
		{Key: "q3", Type: survey.Short, Title: "培训意向", Required: true, ShowIf: &survey.ShowRule{Question: "q2", Option: 2}},
		{Key: "q4", Type: survey.Rating, Title: "满意度", Scale: 5},
		{Key: "q5", Type: survey.Number, Title: "家庭人数", Min: f(1), Max: f(20)},
		{Key: "q6", Type: survey.Long, Title: "建议"},
		{Key: "q7", Type: survey.Matrix, Title: "评价", Required: true, Rows: []string{"学校", "医院"}, Scale: 5},
		{Key: "q8", Type: survey.Village, Title: "所在村"},
	}}
}

var villages = map[int64]bool{11: true, 12: true}

func form(kv ...string) url.Values {
	v := url.Values{"q_q7_1": {"4"}, "q_q7_2": {"5"}} // the required matrix, answered
	for i := 0; i < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestParseAnswers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		form    url.Values
		errOn   string   // field with an error, "" for none
		stored  []string // question keys stored (with duplicates for multi rows)
		missing []string // question keys that must not be stored
	}{
		{"HousingSkipsFollowUps", form("q_q1", "2"), "", []string{"q1", "q7", "q7"}, []string{"q2", "q3"}},
		{"HiddenAnswersDropped", form("q_q1", "2", "q_q2", "1", "q_q3", "不该保存"), "", nil, []string{"q2", "q3"}},
		{"EmploymentRequiresFollowUp", form("q_q1", "1"), "q_q2", nil, nil},
		{"EmploymentWithFollowUp", form("q_q1", "1", "q_q2", "1", "q_q2", "3"), "", []string{"q1", "q2", "q2"}, []string{"q3"}},
		{"NestedRuleShowsThird", form("q_q1", "1", "q_q2", "2"), "q_q3", nil, nil},
		{"NestedRuleAnswered", form("q_q1", "1", "q_q2", "2", "q_q3", "电商培训"), "", []string{"q3"}, nil},
		{"RequiredMissing", form(), "q_q1", nil, nil},
		{"SingleOutOfRange", form("q_q1", "5"), "q_q1", nil, nil},
		{"SingleNotANumber", form("q_q1", "<script>"), "q_q1", nil, nil},
		{"MultiRepeatedOption", form("q_q1", "1", "q_q2", "1", "q_q2", "1"), "q_q2", nil, nil},
		{"RatingValid", form("q_q1", "2", "q_q4", "5"), "", []string{"q4"}, nil},
		{"RatingOutOfScale", form("q_q1", "2", "q_q4", "6"), "q_q4", nil, nil},
		{"NumberValid", form("q_q1", "2", "q_q5", "4"), "", []string{"q5"}, nil},
		{"NumberBelowMin", form("q_q1", "2", "q_q5", "0"), "q_q5", nil, nil},
		{"NumberNotANumber", form("q_q1", "2", "q_q5", "四"), "q_q5", nil, nil},
		{"NumberInfinity", form("q_q1", "2", "q_q5", "Inf"), "q_q5", nil, nil},
		{"LongTextStored", form("q_q1", "2", "q_q6", "<b>多建学校</b>"), "", []string{"q6"}, nil},
		{"LongTextOneMegabyte", form("q_q1", "2", "q_q6", strings.Repeat("长", 1<<20)), "q_q6", nil, nil},
		{"MatrixRowMissing", url.Values{"q_q1": {"2"}, "q_q7_1": {"4"}}, "q_q7", nil, nil},
		{"MatrixRequiredUnanswered", url.Values{"q_q1": {"2"}}, "q_q7", nil, nil},
		{"MatrixOutOfScale", url.Values{"q_q1": {"2"}, "q_q7_1": {"4"}, "q_q7_2": {"9"}}, "q_q7", nil, nil},
		{"VillageValid", form("q_q1", "2", "q_q8", "12"), "", []string{"q8"}, nil},
		{"VillageUnknown", form("q_q1", "2", "q_q8", "99"), "q_q8", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := testSurvey().ParseAnswers(tc.form, villages)
			if tc.errOn == "" && len(errs) > 0 {
				t.Fatalf("refused: %v", errs)
			}
			if tc.errOn != "" {
				if errs[tc.errOn] == "" {
					t.Fatalf("errors %v, want one on %s", errs, tc.errOn)
				}
				return
			}
			count := map[string]int{}
			for _, a := range got {
				count[a.Question]++
			}
			want := map[string]int{}
			for _, k := range tc.stored {
				want[k]++
			}
			for k, n := range want {
				if count[k] < n {
					t.Errorf("question %s stored %d times, want %d (answers %+v)", k, count[k], n, got)
				}
			}
			for _, k := range tc.missing {
				if count[k] > 0 {
					t.Errorf("hidden question %s stored: %+v", k, got)
				}
			}
		})
	}
}
