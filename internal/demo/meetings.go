package demo

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// demoMeeting is one meeting of the demo campaign.
type demoMeeting struct {
	kind, title, place, agenda, minutes string
	day, hour                           int // held at day (relative to today) and hour, Shanghai
	units                               []string
	dueDay                              int            // statements due (relative day, 17:00); 0: none requested
	statements                          map[string]int // unit → submitted on relative day (after dueDay: late)
	absent                              map[string]string
	decisions                           []demoDecision
	opinions                            []demoOpinion
}

// demoDecision is a decision and the state its task has reached.
type demoDecision struct {
	text, lead string
	co         []string
	start, due int // relative days
	state      task.State
	progress   int
}

// demoOpinion is a symposium opinion; with a lead it was turned into a task.
type demoOpinion struct {
	group, text, lead string
	due               int
}

var dispatchUnits = []string{"教育局", "卫生健康局", "住房和城乡建设局", "农业农村局", "青石镇人民政府", "柳溪乡人民政府"}

// demoMeetings: two past dispatch meetings (the first one's decisions partly
// done and one overdue), a symposium in 青石镇, and the coming dispatch
// meeting with statements being collected.
var demoMeetings = []demoMeeting{
	{kind: "dispatch", title: "“大调研、大融合、大发展”活动第一次调度会", place: "区委第一会议室", day: -28, hour: 9, units: dispatchUnits,
		agenda: "一、各单位汇报调研摸底进展\n二、研究新划入镇乡融合发展重点问题\n三、区领导讲话", dueDay: -30,
		statements: map[string]int{"教育局": -31, "卫生健康局": -30, "住房和城乡建设局": -30, "农业农村局": -31, "青石镇人民政府": -29, "柳溪乡人民政府": -30},
		absent:     map[string]string{"农业农村局": "冯副局长"},
		minutes: "会议听取了各参会单位调研摸底工作汇报，分析了新划入镇乡融合发展中存在的突出问题。会议指出，前一阶段各单位行动迅速，" +
			"但调研不够深入，工作进展参差不齐。会议要求各单位对照议定事项抓好落实，按时报送进展。",
		decisions: []demoDecision{
			{text: "青石镇、柳溪乡中小学教师编制核定和交流轮岗方案报区政府审定", lead: "教育局", co: []string{"青石镇人民政府", "柳溪乡人民政府"}, start: -28, due: -10, state: task.StateDone, progress: 100},
			{text: "完成新划入镇乡卫生院医保结算系统切换", lead: "卫生健康局", start: -28, due: -7, state: task.StateDone, progress: 100},
			{text: "柳溪乡危房改造存量底数核查并建立台账", lead: "住房和城乡建设局", co: []string{"柳溪乡人民政府"}, start: -28, due: -3, state: task.StateInProgress, progress: 60},
		}},
	{kind: "dispatch", title: "“大调研、大融合、大发展”活动第二次调度会", place: "区委第一会议室", day: -14, hour: 9, units: dispatchUnits,
		agenda: "一、上次会议议定事项落实情况\n二、各单位汇报集中攻坚阶段工作\n三、区领导讲话", dueDay: -16,
		statements: map[string]int{"教育局": -17, "卫生健康局": -16, "青石镇人民政府": -16, "柳溪乡人民政府": -15},
		absent:     map[string]string{"柳溪乡人民政府": "柳溪乡党政办主任"},
		minutes: "会议通报了第一次调度会议定事项落实情况，教师交流轮岗方案、卫生院医保结算切换已按期完成，" +
			"柳溪乡危房改造底数核查仍在推进。会议要求住建局加快进度，各单位聚焦群众关切的就业、教育、医疗问题集中攻坚。",
		decisions: []demoDecision{
			{text: "制定新划入镇乡就业援助专场招聘会计划并组织实施", lead: "人力资源和社会保障局", co: []string{"青石镇人民政府", "柳溪乡人民政府"}, start: -14, due: 30, state: task.StateInProgress, progress: 30},
			{text: "青石镇农贸市场提升改造方案编制", lead: "青石镇人民政府", co: []string{"商务局", "住房和城乡建设局"}, start: -14, due: 21, state: task.StateSigned, progress: 10},
		}},
	{kind: "forum", title: "青石镇村民代表座谈会", place: "青石镇人民政府三楼会议室", day: -20, hour: 14, units: []string{"青石镇人民政府", "教育局", "卫生健康局"},
		agenda:  "听取村民代表、企业、老党员对区划调整后融合发展的意见建议",
		minutes: "座谈会上，村民代表、企业负责人和老党员围绕就业、教育、医疗、交通等方面提出意见建议共5条，已逐条登记并明确办理方式。",
		opinions: []demoOpinion{
			{group: "村民代表", text: "希望镇卫生院增加周末门诊，方便在外务工人员回乡看病", lead: "卫生健康局", due: 25},
			{group: "村民代表", text: "村里到区中心的公交车次太少，早晚高峰等车时间长"},
			{group: "企业", text: "建议在青石镇设立政务服务分中心，企业办事不用跑到区里"},
			{group: "老党员", text: "希望保留原有的村史馆和老地名，留住乡愁"},
			{group: "老党员", text: "小学放学后没有托管，双职工家庭接送困难"},
		}},
	{kind: "dispatch", title: "“大调研、大融合、大发展”活动第三次调度会", place: "区委第一会议室", day: 3, hour: 9, units: dispatchUnits,
		agenda: "一、上次会议议定事项落实情况\n二、各单位汇报\n三、讲评通报", dueDay: 1,
		statements: map[string]int{"教育局": -1}},
}

// LoadMeetings adds the demo meetings of the campaign with their statements,
// attendance, minutes, decisions (as tasks) and symposium opinions.
func LoadMeetings(ctx context.Context, tx *store.Tx, d Deps, campaign int64, units map[string]int64) error {
	office, err := demoPrincipal(ctx, tx, "ducha")
	if err != nil {
		return err
	}
	ml := &meetingLoader{ctx: ctx, tx: tx, s: task.New(d.DB, d.Audit, d.Now), office: office, now: d.Now(),
		campaign: campaign, units: units}
	if ml.reporters, err = unitReporters(ctx, tx); err != nil {
		return err
	}
	for _, m := range demoMeetings {
		if err := ml.load(m); err != nil {
			return fmt.Errorf("demo meeting %s: %w", m.title, err)
		}
	}
	return d.Audit.Record(ctx, tx, audit.Entry{Entity: "demo", EntityID: "meetings", Action: "load",
		After: map[string]any{"meetings": len(demoMeetings)}})
}

func demoPrincipal(ctx context.Context, tx *store.Tx, username string) (*auth.Principal, error) {
	var id int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		return nil, fmt.Errorf("demo user %s: %w", username, err)
	}
	return auth.LoadPrincipal(ctx, tx, id)
}

// unitReporters maps each unit to one of its liaisons (the statement's author).
func unitReporters(ctx context.Context, tx *store.Tx) (map[int64]int64, error) {
	rows, err := tx.Query(ctx, `SELECT u.unit_id, MIN(u.id) FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ?
		GROUP BY u.unit_id`, auth.RoleLiaison)
	if err != nil {
		return nil, fmt.Errorf("demo reporters: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var unit, user int64
		if err := rows.Scan(&unit, &user); err != nil {
			return nil, err
		}
		out[unit] = user
	}
	return out, rows.Err()
}

type meetingLoader struct {
	ctx       context.Context
	tx        *store.Tx
	s         *task.Store
	office    *auth.Principal
	now       time.Time
	campaign  int64
	units     map[string]int64
	reporters map[int64]int64
}

// at is the UTC time of relative day n at hour in Shanghai.
func (ml *meetingLoader) at(n, hour int) time.Time {
	d := ml.now.In(ui.Shanghai).AddDate(0, 0, n)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, ui.Shanghai).UTC()
}

func (ml *meetingLoader) day(n int) string {
	return ml.now.In(ui.Shanghai).AddDate(0, 0, n).Format("2006-01-02")
}

func (ml *meetingLoader) unit(name string) (int64, error) {
	id := ml.units[name]
	if id == 0 {
		return 0, fmt.Errorf("unknown unit %s", name)
	}
	return id, nil
}

func (ml *meetingLoader) load(m demoMeeting) error {
	held := ml.at(m.day, m.hour)
	state, created := "planned", ml.at(min(m.day, m.dueDay)-3, 10)
	var due, published any
	if m.day < 0 {
		state, published = "held", held.Add(26*time.Hour)
	}
	if m.dueDay != 0 {
		due = ml.at(m.dueDay, 17)
	}
	id, err := store.InsertID(ml.ctx, ml.tx, `INSERT INTO meetings (campaign_id, kind, title, held_at, place, chair_id, agenda,
		statement_due, minutes, minutes_published_at, decisions_published_at, state, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, (SELECT id FROM users WHERE username = 'leader'), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ml.campaign, m.kind, m.title, held, m.place, m.agenda, due, m.minutes, published, published, state, ml.office.ID, created, created)
	if err != nil {
		return err
	}
	for _, name := range m.units {
		if err := ml.attend(id, m, name, held); err != nil {
			return err
		}
	}
	for i, dd := range m.decisions {
		if err := ml.decision(id, i+1, dd, m.title); err != nil {
			return err
		}
	}
	for _, o := range m.opinions {
		if err := ml.opinion(id, o, m.title, held); err != nil {
			return err
		}
	}
	return nil
}

// attend adds an attending unit with its statement and attendance.
func (ml *meetingLoader) attend(id int64, m demoMeeting, name string, held time.Time) error {
	unit, err := ml.unit(name)
	if err != nil {
		return err
	}
	var text string
	var by, at any
	if day, ok := m.statements[name]; ok {
		text = name + "关于“大调研、大融合、大发展”活动进展情况的汇报：一是完成调研摸底；二是推进重点任务；三是存在的问题和下一步打算。"
		at = ml.at(day, 16)
		if r := ml.reporters[unit]; r != 0 {
			by = r
		}
	}
	if _, err := ml.tx.Exec(ml.ctx, `INSERT INTO meeting_units (meeting_id, unit_id, statement_requested, statement, statement_by, statement_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, unit, m.dueDay != 0, text, by, at); err != nil {
		return err
	}
	if held.After(ml.now) {
		return nil
	}
	status, sub := "present", ""
	if s, ok := m.absent[name]; ok {
		status, sub = "substitute", s
	}
	_, err = ml.tx.Exec(ml.ctx, `INSERT INTO meeting_attendees (meeting_id, unit_id, name, status, substitute) VALUES (?, ?, ?, ?, ?)`,
		id, unit, name+"主要负责同志", status, sub)
	return err
}

// decision adds a decision and its task, in the state it has reached.
func (ml *meetingLoader) decision(id int64, seq int, dd demoDecision, title string) error {
	lead, err := ml.unit(dd.lead)
	if err != nil {
		return err
	}
	in := task.Input{CampaignID: ml.campaign, Title: dd.text, Content: fmt.Sprintf("%s\n\n（%s 议定事项第%d项）", dd.text, title, seq),
		Weight: 1, Source: "meeting", LeadUnitID: lead, StartDate: ml.day(dd.start), Deadline: ml.day(dd.due), ReportCycle: "none"}
	for _, c := range dd.co {
		u, err := ml.unit(c)
		if err != nil {
			return err
		}
		in.CoUnitIDs = append(in.CoUnitIDs, u)
	}
	tid, err := ml.s.Seed(ml.ctx, ml.tx, ml.office, in, dd.state, dd.progress)
	if err != nil {
		return err
	}
	if dd.state == task.StateDone {
		if _, err := ml.tx.Exec(ml.ctx, `UPDATE tasks SET done_at = ? WHERE id = ?`, ml.at(dd.due-2, 11), tid); err != nil {
			return err
		}
	}
	did, err := store.InsertID(ml.ctx, ml.tx, `INSERT INTO meeting_decisions (meeting_id, seq, text, lead_unit_id, deadline, task_id)
		VALUES (?, ?, ?, ?, ?, ?)`, id, seq, dd.text, lead, in.Deadline, tid)
	if err != nil {
		return err
	}
	for _, u := range in.CoUnitIDs {
		if _, err := ml.tx.Exec(ml.ctx, `INSERT INTO meeting_decision_co_units (decision_id, unit_id) VALUES (?, ?)`, did, u); err != nil {
			return err
		}
	}
	return nil
}

// opinion adds a symposium opinion; one with a lead unit became a task.
func (ml *meetingLoader) opinion(id int64, o demoOpinion, title string, held time.Time) error {
	var tid any
	if o.lead != "" {
		lead, err := ml.unit(o.lead)
		if err != nil {
			return err
		}
		in := task.Input{CampaignID: ml.campaign, Title: o.text, Content: o.text + "\n\n（" + title + " · " + o.group + "）",
			Weight: 1, Source: "appeal", LeadUnitID: lead, StartDate: ml.day(-19), Deadline: ml.day(o.due), ReportCycle: "none"}
		t, err := ml.s.Seed(ml.ctx, ml.tx, ml.office, in, task.StateInProgress, 40)
		if err != nil {
			return err
		}
		tid = t
	}
	_, err := ml.tx.Exec(ml.ctx, `INSERT INTO meeting_opinions (meeting_id, group_name, text, task_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, o.group, o.text, tid, ml.office.ID, held.Add(2*time.Hour))
	return err
}
