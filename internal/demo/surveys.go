package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/survey"
	"tongchou/internal/ui"
)

// demoSurvey is the published survey 群众最关心的民生问题: a village
// question, the main concern, a follow-up shown only to those who chose
// 就业 (skip logic), a rating, a matrix and free text.
func demoSurvey(campaignID int64) survey.Survey {
	return survey.Survey{
		Title: "群众最关心的民生问题调查", Anonymous: true, IPLimit: 20, CampaignID: campaignID,
		Intro: "为倾听民声、了解民意，区委督查室开展本次问卷调查。问卷匿名填写，约需 3 分钟。",
		Questions: []survey.Question{
			{Key: "q1", Type: survey.Village, Title: "您所在的村（社区）", Required: true},
			{Key: "q2", Type: survey.Single, Title: "您目前最关心的民生问题是", Required: true,
				Options: []string{"就业", "住房", "教育", "医疗", "社保", "交通"}},
			{Key: "q3", Type: survey.Multi, Title: "在就业方面，您最需要哪些帮助", Required: true,
				Options: []string{"本地就业岗位", "职业技能培训", "创业扶持", "劳动权益保障"}, ShowIf: &survey.ShowRule{Question: "q2", Option: 1}},
			{Key: "q4", Type: survey.Rating, Title: "区划调整以来，您对公共服务的总体满意度", Scale: 5},
			{Key: "q5", Type: survey.Matrix, Title: "请评价以下公共服务", Rows: []string{"学校", "卫生院", "公交", "政务服务"}, Scale: 5},
			{Key: "q6", Type: survey.Long, Title: "您的意见和建议"},
		},
	}
}

var demoSuggestions = []string{
	"希望在镇上增加公交班次，方便老人去区医院看病。",
	"村里年轻人外出务工多，希望引进企业提供本地岗位。",
	"中心小学教室紧张，希望尽快扩建。",
	"医保转入河西区后报销流程不清楚，希望上门宣讲。",
	"建议在村委会设政务服务代办点。",
	"希望开展电商、家政等技能培训。",
	"老旧农房改造补贴能否延续。",
}

// LoadSurveys adds the published demo survey with about 200 responses over
// the last three weeks, most from the transferred town and township.
func LoadSurveys(ctx context.Context, tx *store.Tx, d Deps, campaignID int64) error {
	now := d.Now().UTC()
	s := demoSurvey(campaignID)
	id, _, err := survey.SeedPublished(ctx, tx, s, now.AddDate(0, 0, -21))
	if err != nil {
		return fmt.Errorf("demo survey: %w", err)
	}
	places, err := survey.Villages(ctx, tx, now.In(ui.Shanghai).Format(time.DateOnly))
	if err != nil {
		return err
	}
	var weighted []survey.Place // the transferred villages three times over
	for _, p := range places {
		weighted = append(weighted, p)
		if p.Parent == "青石镇" || p.Parent == "柳溪乡" {
			weighted = append(weighted, p, p)
		}
	}
	if len(weighted) == 0 {
		return fmt.Errorf("demo survey: no villages")
	}
	rnd := rand.New(rand.NewPCG(5, 2026))
	concern := []int{1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6} // 就业 and 教育 lead
	rs := make([]survey.Seeded, 200)
	for i := range rs {
		p := weighted[rnd.IntN(len(weighted))]
		c := concern[rnd.IntN(len(concern))]
		as := []survey.Answer{{Question: "q1", Choice: strconv.FormatInt(p.ID, 10)}, {Question: "q2", Choice: strconv.Itoa(c)}}
		if c == 1 {
			for o := 1; o <= 4; o++ {
				if rnd.IntN(2) == 0 || o == 1+i%4 {
					as = append(as, survey.Answer{Question: "q3", Choice: strconv.Itoa(o)})
				}
			}
		}
		as = append(as, survey.Answer{Question: "q4", Choice: strconv.Itoa(2 + rnd.IntN(4))})
		for row := 1; row <= 4; row++ {
			as = append(as, survey.Answer{Question: "q5", Item: strconv.Itoa(row), Choice: strconv.Itoa(1 + rnd.IntN(5))})
		}
		if rnd.IntN(10) < 3 {
			as = append(as, survey.Answer{Question: "q6", Text: demoSuggestions[rnd.IntN(len(demoSuggestions))]})
		}
		rs[i] = survey.Seeded{At: now.Add(-time.Duration(rnd.IntN(20*24*60)) * time.Minute), Answers: as}
	}
	if err := survey.SeedResponses(ctx, tx, d.Suite, id, rs); err != nil {
		return err
	}
	return d.Audit.Record(ctx, tx, audit.Entry{Entity: "survey", EntityID: strconv.FormatInt(id, 10), Action: "demo",
		After: map[string]any{"title": s.Title, "responses": len(rs)}})
}
