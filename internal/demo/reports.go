package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// reporters are the liaisons who submit the demo's reports for the units
// that have no login among the demo's accounts (教育局 and 青石镇 report
// through jiaoyu and qingshi). They can sign in with the demo password but
// are not offered on the sign-in page.
var reporters = []struct{ username, name, unit string }{
	{"ducha_ll", "钱督", "区委督查室"}, {"xuanchuan", "吴宣", "区委宣传部"}, {"fagai", "尤发", "发展和改革局"},
	{"gongxin", "韩工", "工业和信息化局"}, {"shangwu", "沈商", "商务局"}, {"ziyuan", "孔资", "自然资源分局"},
	{"zhujian", "杨建", "住房和城乡建设局"}, {"weijian", "褚卫", "卫生健康局"}, {"renshe", "卫社", "人力资源和社会保障局"},
	{"minzheng", "蒋民", "民政局"}, {"nongye", "冯农", "农业农村局"}, {"xinfang", "秦访", "信访局"},
	{"chengguan", "朱城", "城市管理局"}, {"dashuju", "何数", "河西区大数据中心"}, {"zhiyuan", "吕志", "河西区志愿服务联合会"},
	{"xiangxian", "施贤", "河西区乡贤促进会"}, {"liuxi", "许柳", "柳溪乡人民政府"},
}

// reportStyle is how a unit kept up its reports for one task.
type reportStyle int

const (
	styleOnTime      reportStyle = iota // every report on time
	styleLastLate                       // the latest report came two days late
	styleMissingTwo                     // the last two due dates passed with no report
	styleReturned                       // one report was returned by the office and resubmitted
	styleOnceLateOld                    // an early report was late, the ones since on time
)

// reportStyles picks the style of the tasks that do not simply report on
// time; the mix is what makes the board show red, yellow and green.
var reportStyles = map[string]reportStyle{
	"柳溪乡农业资源调研":      styleMissingTwo,
	"新划入镇乡土地资源清查":    styleMissingTwo,
	"城乡环境卫生整治":       styleMissingTwo,
	"村（社区）规范化建设":     styleLastLate,
	"柳溪乡乡村旅游线路开发":    styleLastLate,
	"新划入镇乡国土空间规划衔接":  styleLastLate,
	"青石镇中心小学扩容改造":    styleReturned,
	"青石镇融合发展专项规划编制":  styleReturned,
	"镇乡卫生院服务能力提升":    styleOnceLateOld,
	"新划入镇乡就业援助专项行动":  styleOnceLateOld,
	"政务服务事项“一网通办”接入": styleOnceLateOld,
}

// awaitingReview are the tasks whose latest report the office has not yet
// reviewed, so its review queue is not empty on the load day.
var awaitingReview = map[string]bool{"活动宣传报道和氛围营造": true, "信访积案化解": true, "柳溪乡学生就近入学与校车保障": true}

// returnComment is what the office wrote on the returned reports.
const returnComment = "进展描述过于笼统，请补充已完成的具体工作量、资金到位情况和存在的问题后重新报送。"

// reportEvent is one step of the report history, run at its time.
type reportEvent struct {
	at  time.Time
	run func() error
}

// reportLoader holds what loading the report history shares.
type reportLoader struct {
	ctx    context.Context
	tx     *store.Tx
	s      *task.Store
	office *auth.Principal
	now    *time.Time // the moving clock the store reads
	events []reportEvent
}

// LoadReports adds liaisons for the units without one and the progress
// reports of the demo's open tasks, inside the demo's transaction. The
// history is replayed through the task store with a clock moved to each
// submission and review, so lateness, returns and lights are the store's
// own, never typed in.
func LoadReports(ctx context.Context, tx *store.Tx, d Deps, seeded Seeded, units map[string]int64, hash string) error {
	people, err := addReporters(ctx, tx, d, units, hash)
	if err != nil {
		return err
	}
	var cur time.Time
	l := &reportLoader{ctx: ctx, tx: tx, now: &cur, s: task.New(d.DB, d.Audit, func() time.Time { return cur })}
	if l.office, err = principalNamed(ctx, tx, "ducha"); err != nil {
		return err
	}
	cal, err := workday.Load(ctx, tx)
	if err != nil {
		return err
	}
	today := d.Now().In(ui.Shanghai).Format("2006-01-02")
	for _, st := range seeded.Tasks {
		if !slices.Contains(task.ReportStates, st.State) || st.Cycle == "" || st.Cycle == "none" {
			continue
		}
		by := people[st.Unit]
		if by == nil {
			return fmt.Errorf("demo reports: no liaison for %s", st.Unit)
		}
		t, err := l.s.GetIn(ctx, tx, by, st.ID)
		if err != nil {
			return err
		}
		dues, err := task.TaskDues(ctx, tx, &t, cal, today)
		if err != nil {
			return err
		}
		var past []string
		for _, due := range dues {
			if due.Date < today {
				past = append(past, due.Date)
			}
		}
		l.plan(by, st, past, reportStyles[st.Title])
	}
	slices.SortStableFunc(l.events, func(a, b reportEvent) int { return a.at.Compare(b.at) })
	end := d.Now()
	for _, e := range l.events {
		if e.at.After(end) {
			continue // the office has not reviewed it yet
		}
		cur = e.at
		if err := e.run(); err != nil {
			return fmt.Errorf("demo reports: %w", err)
		}
	}
	return nil
}

// plan schedules the reports of one task for its past due dates, in style.
func (l *reportLoader) plan(by *auth.Principal, st SeededTask, past []string, style reportStyle) {
	n := len(past)
	if style == styleMissingTwo && n >= 3 {
		past = past[:n-2]
	}
	for i, due := range past {
		progress := st.Progress * (i + 1) / len(past)
		at := at(due, 0, 16) // the afternoon of the due day
		switch {
		case style == styleLastLate && i == len(past)-1, style == styleOnceLateOld && i == 0:
			at = at.AddDate(0, 0, 2)
		case i%3 == 1:
			at = at.AddDate(0, 0, -1) // some weeks a day early
		}
		in := reportText(st.Title, due, progress, i)
		var id int64
		l.add(at, func() (err error) {
			id, err = l.s.SubmitReportIn(l.ctx, l.tx, by, st.ID, in)
			return err
		})
		review := at.Add(18 * time.Hour) // the office reviews the next morning
		if i == len(past)-1 && awaitingReview[st.Title] {
			continue
		}
		if style != styleReturned || i != len(past)-2 {
			l.add(review, func() error { return l.review(&id, task.ReportAccepted, "") })
			continue
		}
		l.add(review, func() error { return l.review(&id, task.ReportReturned, returnComment) })
		again := reportText(st.Title, due, progress, i)
		again.WorkDone += "（已按督查室意见补充：完成投资约" + strconv.Itoa(40+progress) + "万元，涉及" + strconv.Itoa(3+i) + "个村。）"
		var id2 int64
		l.add(review.Add(6*time.Hour), func() (err error) {
			id2, err = l.s.SubmitReportIn(l.ctx, l.tx, by, st.ID, again)
			return err
		})
		l.add(review.Add(24*time.Hour), func() error { return l.review(&id2, task.ReportAccepted, "") })
	}
}

// add schedules one step.
func (l *reportLoader) add(at time.Time, run func() error) {
	l.events = append(l.events, reportEvent{at: at, run: run})
}

// review is the office accepting or returning a just-submitted report.
func (l *reportLoader) review(id *int64, to, comment string) error {
	return l.s.ReviewReportIn(l.ctx, l.tx, l.office, *id, task.ReviewInput{Version: 1, Comment: comment}, to)
}

// at is the instant hour:00 in Shanghai, days after the civil date day.
func at(day string, days, hour int) time.Time {
	d, _ := time.ParseInLocation("2006-01-02", day, ui.Shanghai)
	return d.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour)
}

// reportText writes a plausible weekly report.
func reportText(title, due string, progress, week int) task.ReportInput {
	done := []string{
		"召开专题推进会，明确责任分工和时间节点，",
		"深入镇村实地走访，收集一线意见建议，",
		"会同配合单位逐项对账，梳理问题清单，",
		"按周调度推进，督促责任股室落实，",
	}
	next := []string{"继续按计划推进，下周完成阶段性目标。", "加强与配合单位对接，加快推进进度。", "针对问题清单逐项整改，按时报送进展。"}
	in := task.ReportInput{DueDate: due, Progress: strconv.Itoa(progress),
		WorkDone:  done[week%len(done)] + "“" + title + "”工作累计完成" + strconv.Itoa(progress) + "%。",
		NextSteps: next[week%len(next)]}
	if week == 1 {
		in.Problems = "新划入镇乡基础资料移交不完整，部分数据需重新核实。"
	}
	return in
}

// addReporters creates the reporting liaisons and returns a principal for
// the liaison of each lead unit, jiaoyu and qingshi included.
func addReporters(ctx context.Context, tx *store.Tx, d Deps, units map[string]int64, hash string) (map[string]*auth.Principal, error) {
	out := map[string]*auth.Principal{}
	now := d.Now().UTC()
	for i, r := range reporters {
		phone := fmt.Sprintf("138000001%02d", i)
		sealed, err := d.Suite.Seal([]byte(phone))
		if err != nil {
			return nil, err
		}
		id, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, position, phone_enc, phone_mask,
			password_hash, password_changed_at, must_change, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.username, r.name, units[r.unit], "办公室联络员", sealed, audit.MaskPhone(phone), hash, now, false, now, now)
		if err != nil {
			return nil, fmt.Errorf("demo liaison %s: %w", r.username, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, auth.RoleLiaison); err != nil {
			return nil, err
		}
		if out[r.unit], err = auth.LoadPrincipal(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	for unit, username := range map[string]string{"教育局": "jiaoyu", "青石镇人民政府": "qingshi"} {
		p, err := principalNamed(ctx, tx, username)
		if err != nil {
			return nil, err
		}
		out[unit] = p
	}
	return out, nil
}

// principalNamed loads a demo user by username.
func principalNamed(ctx context.Context, tx *store.Tx, username string) (*auth.Principal, error) {
	var id int64
	if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		return nil, fmt.Errorf("demo user %s: %w", username, err)
	}
	return auth.LoadPrincipal(ctx, tx, id)
}
