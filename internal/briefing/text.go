package briefing

import (
	"fmt"
	"strings"
)

// listLimit is how many items a sentence names before 等.
const listLimit = 8

// Title is a briefing's title.
func Title(f Figures) string {
	return "关于“" + f.CampaignName + "”工作进展情况的通报"
}

// Sections drafts a briefing's text from its figures, the way a 调度通报
// reads: the period, overall progress, the ranking, highlights, problems
// named with their units, the last meeting's decisions and the next steps.
func Sections(f Figures) []Section {
	intro := fmt.Sprintf("为全面掌握“%s”推进情况，压紧压实工作责任，现将%s至%s工作进展情况通报如下：",
		f.CampaignName, cnDate(f.From), cnDate(f.To))
	if f.Empty {
		return []Section{
			{Key: "intro", Text: intro},
			{Key: "overall", Heading: "一、总体进展情况", Text: fmt.Sprintf("本期（%s至%s）无应报送的进展报告和到期任务，暂无可通报的数据。", cnDate(f.From), cnDate(f.To))},
			{Key: "next", Heading: "二、下一步工作安排", Text: nextText(f)},
		}
	}
	return []Section{
		{Key: "intro", Text: intro},
		{Key: "overall", Heading: "一、总体进展情况", Text: overallText(f)},
		{Key: "ranking", Heading: "二、单位排名情况", Text: rankingText(f)},
		{Key: "highlights", Heading: "三、工作亮点", Text: highlightsText(f)},
		{Key: "problems", Heading: "四、存在问题", Text: problemsText(f)},
		{Key: "decisions", Heading: "五、上次调度会议定事项落实情况", Text: decisionsText(f)},
		{Key: "next", Heading: "六、下一步工作安排", Text: nextText(f)},
	}
}

func overallText(f Figures) string {
	o := f.Overall
	var b strings.Builder
	fmt.Fprintf(&b, "截至%s，活动共交办任务%d项，已办结%d项", cnDate(f.To), o.Tasks, o.Done)
	if r := o.CompletionRate(); r >= 0 {
		fmt.Fprintf(&b, "，办结率%s", pctText(r))
	}
	fmt.Fprintf(&b, "；在办任务中，红灯%d项、黄灯%d项、绿灯%d项。", o.ByLight["red"], o.ByLight["yellow"], o.ByLight["green"])
	if o.ReportsDue > 0 {
		fmt.Fprintf(&b, "本期应报送进展%d次，按时报送%d次，迟报%d次，未报%d次，按时报送率%s。", o.ReportsDue, o.OnTime, o.Late, o.Missing, pctText(o.OnTimeRate()))
	} else {
		b.WriteString("本期无应报送的进展报告。")
	}
	if o.CompletionDue > 0 {
		fmt.Fprintf(&b, "本期到期或办结任务%d项，按期办结%d项，按期办结率%s。", o.CompletionDue, o.CompletedOnTime, pctText(o.OnTimeCompletionRate()))
	}
	if c := f.Change; c != nil {
		fmt.Fprintf(&b, "与上期（%s）相比，办结率%s", c.Number, delta(c.CompletionRate, "提高", "下降"))
		if c.HasOnTime {
			fmt.Fprintf(&b, "，按时报送率%s", delta(c.OnTimeRate, "提高", "下降"))
		}
		switch {
		case c.Red > 0:
			fmt.Fprintf(&b, "，红灯任务增加%d项", c.Red)
		case c.Red < 0:
			fmt.Fprintf(&b, "，红灯任务减少%d项", -c.Red)
		}
		b.WriteString("。")
	}
	return b.String()
}

func rankingText(f Figures) string {
	s := f.Settings
	var lines []string
	lines = append(lines, fmt.Sprintf("按照按时报送率（占%d%%）、按期办结率（占%d%%）、在办任务未亮红灯比例（占%d%%）综合计分，分序列排名如下（目标分%d分）。",
		s.WeightReports, s.WeightCompletion, s.WeightLights, s.Target))
	for _, se := range f.Series {
		var b strings.Builder
		b.WriteString(seriesName(se.Key) + "序列：")
		if len(se.Red) > 0 {
			fmt.Fprintf(&b, "%s综合得分靠前，列入红榜；", joinItems(unitNames(se.Red), listLimit))
		}
		if len(se.Black) > 0 {
			fmt.Fprintf(&b, "%s综合得分低于目标分，列入黑榜；", joinItems(unitNames(se.Black), listLimit))
		}
		var idle []string
		for _, r := range se.Rows {
			if !r.Scored {
				idle = append(idle, r.Name)
			}
		}
		if len(idle) > 0 {
			fmt.Fprintf(&b, "%s本期无应办事项，不参与排名；", joinItems(idle, listLimit))
		}
		if len(se.Red) == 0 && len(se.Black) == 0 && len(idle) == 0 {
			b.WriteString("各单位得分见排名表；")
		}
		lines = append(lines, strings.TrimSuffix(b.String(), "；")+"。")
	}
	return strings.Join(lines, "\n")
}

func highlightsText(f Figures) string {
	if len(f.Highlights) == 0 {
		return "本期无办结任务。"
	}
	var items []string
	for _, h := range f.Highlights {
		items = append(items, taskPhrase(h)+"于"+cnMonthDay(h.Date)+"办结")
	}
	return fmt.Sprintf("本期共办结任务%d项。其中，%s。", len(f.Highlights), joinItems(items, listLimit))
}

func problemsText(f Figures) string {
	p := f.Problems
	var lines []string
	n := 0
	head := func(h string) {
		lines = append(lines, "（"+numeral(n)+"）"+h)
		n++
	}
	if len(p.RedTasks) > 0 {
		head("部分任务进度滞后")
		var items []string
		for _, t := range p.RedTasks {
			items = append(items, taskPhrase(t)+"（完成时限"+cnMonthDay(t.Date)+"）")
		}
		lines = append(lines, fmt.Sprintf("%d项任务亮红灯：%s。", len(p.RedTasks), joinItems(items, listLimit)))
	}
	if len(p.LateUnits) > 0 || len(p.MissingUnits) > 0 {
		head("部分单位报送不及时")
		var parts []string
		if len(p.LateUnits) > 0 {
			parts = append(parts, unitCounts(p.LateUnits, "迟报")+"，存在迟报现象")
		}
		if len(p.MissingUnits) > 0 {
			parts = append(parts, unitCounts(p.MissingUnits, "未报")+"，未按要求报送进展")
		}
		lines = append(lines, strings.Join(parts, "；")+"。")
	}
	if len(p.Returned) > 0 {
		head("部分报送材料质量不高")
		var items []string
		for _, t := range p.Returned {
			items = append(items, t.Unit+"报送的“"+t.Title+"”进展")
		}
		lines = append(lines, fmt.Sprintf("%s因内容不实、不全被退回重报。", joinItems(items, listLimit)))
	}
	if len(p.Coordination) > 0 {
		head("部分事项需要协调解决")
		var items []string
		for _, t := range p.Coordination {
			items = append(items, taskPhrase(t))
		}
		lines = append(lines, fmt.Sprintf("%s提出需协调解决的问题，请相关单位和分管领导研究推动。", joinItems(items, listLimit)))
	}
	if len(p.Named) > 0 {
		head("通报点名事项")
		var items []string
		for _, t := range p.Named {
			items = append(items, taskPhrase(t)+"（"+t.Detail+"）")
		}
		lines = append(lines, fmt.Sprintf("经催办、督办仍未按期完成，予以通报：%s。", joinItems(items, 100)))
	}
	if len(lines) == 0 {
		return "本期未发现需通报的问题。"
	}
	return strings.Join(lines, "\n")
}

// unitCounts writes 教育局迟报2次、民政局迟报1次.
func unitCounts(us []UnitCount, verb string) string {
	var items []string
	for _, u := range us {
		items = append(items, fmt.Sprintf("%s%s%d次", u.Unit, verb, u.Count))
	}
	return joinItems(items, listLimit)
}

func decisionsText(f Figures) string {
	if len(f.Decisions) == 0 {
		return "上次调度会无议定事项。"
	}
	done, over := 0, 0
	var items []string
	for _, d := range f.Decisions {
		state := "正在推进"
		switch {
		case d.State == "done":
			state = "已办结"
			done++
		case d.Light == "red":
			state = "进度滞后"
			over++
		}
		items = append(items, fmt.Sprintf("%d.%s（%s牵头，%s前完成）：%s", d.Seq, d.Text, d.Unit, cnMonthDay(d.Deadline), state))
	}
	head := fmt.Sprintf("%s议定事项%d项，已办结%d项，进度滞后%d项，其余正在推进。", orDefault(f.MeetingTitle, "上次调度会"), len(f.Decisions), done, over)
	return head + "\n" + strings.Join(items, "\n")
}

func nextText(f Figures) string {
	var lines []string
	if len(f.NextSteps) > 0 {
		var items []string
		for _, t := range f.NextSteps {
			items = append(items, taskPhrase(t)+"（"+cnMonthDay(t.Date)+"前）")
		}
		lines = append(lines, fmt.Sprintf("%s至%s，%d项任务到期：%s。请各牵头单位倒排工期，确保按期完成。",
			cnDate(f.NextFrom), cnDate(f.NextTo), len(f.NextSteps), joinItems(items, listLimit)))
	}
	if len(f.Milestones) > 0 {
		var items []string
		for _, m := range f.Milestones {
			items = append(items, m.Unit+"“"+m.Detail+"”（"+cnMonthDay(m.Date)+"）")
		}
		lines = append(lines, fmt.Sprintf("以下节点到期：%s。", joinItems(items, listLimit)))
	}
	if len(f.Problems.RedTasks) > 0 {
		lines = append(lines, "亮红灯任务的牵头单位要逐项分析原因，提出整改措施，于下次调度会前报活动办公室。")
	}
	lines = append(lines, "各单位要按时报送工作进展，活动办公室将持续跟踪督办，并在下期通报中通报落实情况。")
	return strings.Join(lines, "\n")
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
