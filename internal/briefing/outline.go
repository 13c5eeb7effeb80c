package briefing

import (
	"fmt"
	"strings"
)

// OutlineTitle is a speech outline's title.
func OutlineTitle(f Figures) string {
	return "在“" + f.CampaignName + "”调度会上的讲话提纲"
}

// OutlineSections drafts the speech outline (讲话提纲) in the structure of
// a dispatch-meeting speech: the opening with the period's figures, the
// problems named with their units, and the next-step requirements drawn
// from the tasks and decisions due.
func OutlineSections(f Figures) []Section {
	o := f.Overall
	opening := fmt.Sprintf("同志们：\n“%s”开展以来，各责任单位按照区委的部署，结合各自的责任分工，扎实推进各项工作。今天召开调度会，主要是总结%s以来的工作进展情况，研究安排下一步任务。",
		f.CampaignName, cnDate(f.From))
	if n := scoredUnits(f); n > 0 {
		opening += fmt.Sprintf("本期%d个责任单位有应办事项，总的来看，各单位取得了一些进展和成效，但也存在一些问题。下面，我讲几点意见：", n)
	}
	progress := "本期无可通报的数据。"
	if !f.Empty {
		progress = fmt.Sprintf("截至%s，活动共交办任务%d项，已办结%d项", cnDate(f.To), o.Tasks, o.Done)
		if r := o.CompletionRate(); r >= 0 {
			progress += "，办结率" + pctText(r)
		}
		progress += "。"
		if o.ReportsDue > 0 {
			progress += fmt.Sprintf("本期按时报送率%s。", pctText(o.OnTimeRate()))
		}
		if len(f.Highlights) > 0 {
			var items []string
			for _, h := range f.Highlights {
				items = append(items, taskPhrase(h))
			}
			progress += "其中，" + joinItems(items, 5) + "已经办结，要总结经验、巩固成果。"
		}
		for _, se := range f.Series {
			if len(se.Red) > 0 {
				progress += seriesName(se.Key) + "中，" + joinItems(unitNames(se.Red), 3) + "综合得分靠前，值得肯定。"
			}
		}
	}
	return []Section{
		{Key: "opening", Text: opening},
		{Key: "progress", Heading: "一、肯定成绩，客观看待前一阶段工作进展", Text: progress},
		{Key: "problems", Heading: "二、正视问题，找准工作中的短板弱项", Text: outlineProblems(f)},
		{Key: "requirements", Heading: "三、压实责任，确保下一步各项任务按期完成", Text: outlineRequirements(f)},
		{Key: "closing", Text: "总之，大家要以高度的政治责任感和历史使命感，坚定不移地推进各项工作，确保活动取得实实在在的成效。"},
	}
}

func scoredUnits(f Figures) int {
	n := 0
	for _, u := range f.Units {
		if u.Scored {
			n++
		}
	}
	return n
}

func outlineProblems(f Figures) string {
	p := f.Problems
	var lines []string
	if len(p.RedTasks) > 0 {
		units := distinctUnits(p.RedTasks)
		lines = append(lines, fmt.Sprintf("一是工作进展参差不齐。%d项任务亮红灯，涉及%s，要找准原因，迎头赶上。", len(p.RedTasks), joinItems(units, 6)))
	}
	if len(p.LateUnits)+len(p.MissingUnits) > 0 {
		var names []string
		for _, u := range append(append([]UnitCount{}, p.MissingUnits...), p.LateUnits...) {
			if !contains(names, u.Unit) {
				names = append(names, u.Unit)
			}
		}
		lines = append(lines, fmt.Sprintf("%s报送不及时。%s存在迟报、漏报现象，反映出有的单位重视程度不够。", ordinal(len(lines)), joinItems(names, 6)))
	}
	if len(p.Coordination) > 0 {
		lines = append(lines, fmt.Sprintf("%s协调推进不够。%s提出的问题需要跨部门协调解决。", ordinal(len(lines)), joinItems(distinctUnits(p.Coordination), 6)))
	}
	if len(lines) == 0 {
		return "从数据看，本期各单位工作推进总体有序，但仍要防止松劲懈怠。"
	}
	return strings.Join(lines, "\n")
}

func outlineRequirements(f Figures) string {
	var lines []string
	if len(f.NextSteps) > 0 {
		var items []string
		for _, t := range f.NextSteps {
			items = append(items, taskPhrase(t)+"（"+cnMonthDay(t.Date)+"前）")
		}
		lines = append(lines, "（一）紧盯时间节点。"+joinItems(items, 6)+"即将到期，牵头单位要倒排工期、挂图作战。")
	}
	open := 0
	var items []string
	for _, d := range f.Decisions {
		if d.State != "done" {
			open++
			items = append(items, d.Unit+"牵头的“"+d.Text+"”")
		}
	}
	if open > 0 {
		lines = append(lines, fmt.Sprintf("（%s）抓好议定事项落实。上次调度会议定事项尚有%d项未办结，%s要按期办结销号。", numeral(len(lines)), open, joinItems(items, 5)))
	}
	lines = append(lines, fmt.Sprintf("（%s）强化督查考核。活动办公室要加强跟踪问效，对表现突出的单位通报表扬，对工作不力、敷衍塞责的严肃问责。", numeral(len(lines))))
	return strings.Join(lines, "\n")
}

func distinctUnits(items []TaskItem) []string {
	var out []string
	for _, it := range items {
		if !contains(out, it.Unit) {
			out = append(out, it.Unit)
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

var ordinals = []string{"一是", "二是", "三是", "四是"}

func ordinal(i int) string {
	if i < len(ordinals) {
		return ordinals[i]
	}
	return ""
}
