package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// DemoAppeals is how many appeals the demo holds.
const DemoAppeals = 300

// appealTopics are the demo's appeal texts per category, with the unit that
// handles them ("" = the town's own government).
var appealTopics = map[string]struct {
	unit  string
	texts []string
}{
	"就业": {"人力资源和社会保障局", []string{"划入后村里年轻人想参加区里的技能培训，不知道去哪里报名。", "在园区务工被拖欠三个月工资，希望帮助讨薪。",
		"返乡创业想申请创业担保贷款，手续不清楚。", "希望在镇上组织一次招聘会，方便就近就业。"}},
	"住房": {"住房和城乡建设局", []string{"老房子墙体开裂，申请农村危房改造一直没有答复。", "安置房交房时间一拖再拖，请给个准确时间。",
		"村道旁自建房审批流程划入后不清楚该找哪个部门。", "公租房申请材料提交后没有消息。"}},
	"教育": {"教育局", []string{"村小学校车停运，孩子上学要走五公里山路。", "划入河西区后孩子能不能在区里的中学就读？",
		"学校食堂饭菜质量差，家长反映多次未改善。", "幼儿园学位紧张，希望增加招生名额。"}},
	"医疗": {"卫生健康局", []string{"村卫生室没有医生坐诊，看病要跑到镇上。", "划入后医保定点医院有没有变化？",
		"镇卫生院缺少常用药，慢性病患者买药困难。", "希望组织专家下乡义诊。"}},
	"社保": {"人力资源和社会保障局", []string{"养老保险关系从东山县转到河西区怎么办理？", "高龄津贴划入后停发了两个月。",
		"城乡居民医保缴费渠道变了，老人不会用手机缴费。"}},
	"交通": {"城市管理局", []string{"村口到镇上的公交班次太少，希望加密。", "进村道路坑洼严重，雨天无法通行。",
		"桥梁护栏损坏，存在安全隐患。"}},
	"环境": {"城市管理局", []string{"村旁养殖场臭味严重，影响生活。", "河道垃圾堆积无人清理。", "夜间工地施工噪音扰民。"}},
	"治安": {"", []string{"村里路灯损坏多处，夜间出行不安全。", "附近有人非法营运摩的，存在隐患。"}},
	"其他": {"", []string{"希望村里建一个文化活动广场。", "划入后办事窗口在哪里，希望公布清楚。"}},
}

// appealWeights makes the demo lean on the hot issues (就业, 住房, 教育, 医疗).
var appealWeights = []struct {
	cat    string
	weight int
}{{"就业", 16}, {"住房", 14}, {"教育", 16}, {"医疗", 14}, {"社保", 10}, {"交通", 9}, {"环境", 9}, {"治安", 6}, {"其他", 6}}

var demoSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
var demoGiven = []string{"秀英", "建华", "志强", "桂兰", "海燕", "国庆", "丽娟", "春生", "玉梅", "德明", "小红", "文斌"}

// demoAppeal is one generated appeal with its history.
type demoAppeal struct {
	code, cat, class, village, town, desc, source, state string
	received, due                                        time.Time
	unit                                                 string
	backUnit                                             string // an accepted 退单 from this unit first
	signed, answered, closed                             time.Time
	solved                                               bool
	ratings                                              []string
	name, phone                                          string
}

// LoadAppeals adds DemoAppeals appeals received over the two months before
// now, two thirds from the villages of 青石镇 and 柳溪乡, across categories
// and states: most closed and rated, some still open and overdue, some rated
// 不满意 and reopened. Rows go in with bulk inserts inside the demo's
// transaction.
func LoadAppeals(ctx context.Context, tx *store.Tx, d Deps, unitIDs map[string]int64) error {
	cal, err := workday.Load(ctx, tx)
	if err != nil {
		return err
	}
	cats, err := demoCategories(ctx, tx)
	if err != nil {
		return err
	}
	villages, err := demoVillages(ctx, tx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 5))
	now := d.Now().UTC()
	list := make([]demoAppeal, DemoAppeals)
	for i := range list {
		list[i] = genAppeal(rng, cal, cats, villages, now, i)
	}
	if err := insertDemoAppeals(ctx, tx, d, cats, villages, unitIDs, list, now); err != nil {
		return err
	}
	return d.Audit.Record(ctx, tx, audit.Entry{Entity: "demo", EntityID: "appeals", Action: "load",
		After: map[string]any{"appeals": len(list)}})
}

type demoCat struct {
	id    int64
	class string
}

func demoCategories(ctx context.Context, tx *store.Tx) (map[string]demoCat, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, class FROM appeal_categories`)
	if err != nil {
		return nil, fmt.Errorf("demo appeal categories: %w", err)
	}
	defer rows.Close()
	out := map[string]demoCat{}
	for rows.Next() {
		var c demoCat
		var name string
		if err := rows.Scan(&c.id, &name, &c.class); err != nil {
			return nil, err
		}
		out[name] = c
	}
	return out, rows.Err()
}

// demoVillage is a village or community with its town's government unit.
type demoVillage struct {
	id         int64
	name, town string
	moved      bool
}

func demoVillages(ctx context.Context, tx *store.Tx) ([]demoVillage, error) {
	ids := map[string]int64{}
	rows, err := tx.Query(ctx, `SELECT id, name FROM regions WHERE level IN ('village', 'community')`)
	if err != nil {
		return nil, fmt.Errorf("demo villages: %w", err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		ids[name] = id
	}
	rows.Close()
	var out []demoVillage
	for _, list := range [][]town{movedTowns, subdistricts} {
		for _, t := range list {
			for _, v := range t.villages {
				out = append(out, demoVillage{id: ids[v], name: v, town: t.unit, moved: t.newCode != ""})
			}
		}
	}
	return out, nil
}

func pickCategory(rng *rand.Rand) string {
	total := 0
	for _, w := range appealWeights {
		total += w.weight
	}
	n := rng.IntN(total)
	for _, w := range appealWeights {
		if n < w.weight {
			return w.cat
		}
		n -= w.weight
	}
	return "其他"
}

// genAppeal makes appeal i: older ones are mostly closed, recent ones spread
// over the open states; every 9th closed one was rated 不满意 first.
func genAppeal(rng *rand.Rand, cal *workday.Calendar, cats map[string]demoCat, villages []demoVillage, now time.Time, i int) demoAppeal {
	var moved, rest []demoVillage
	for _, v := range villages {
		if v.moved {
			moved = append(moved, v)
		} else {
			rest = append(rest, v)
		}
	}
	v := moved[rng.IntN(len(moved))]
	if rng.IntN(3) == 0 {
		v = rest[rng.IntN(len(rest))]
	}
	cat := pickCategory(rng)
	topic := appealTopics[cat]
	a := demoAppeal{code: appeal.NewCode(), cat: cat, class: cats[cat].class, village: v.name, town: v.town,
		desc: v.name + "：" + topic.texts[rng.IntN(len(topic.texts))], source: appeal.SourcePublic, unit: topic.unit}
	if a.unit == "" {
		a.unit = v.town
	}
	switch rng.IntN(10) {
	case 0:
		a.source = appeal.SourcePhone
	case 1:
		a.source = appeal.SourceVisit
	}
	if rng.IntN(4) != 0 {
		a.name = string(demoSurnames[rng.IntN(len(demoSurnames))]) + demoGiven[rng.IntN(len(demoGiven))]
		a.phone = fmt.Sprintf("139%08d", rng.IntN(100000000))
		if i%25 == 3 { // a few repeat callers
			a.phone = "13912345678"
		}
	}
	age := time.Duration(rng.IntN(60*24)) * time.Hour // up to two months old
	a.received = now.Add(-age).Add(-time.Duration(rng.IntN(60)) * time.Minute)
	if a.class == appeal.ClassUrgent {
		a.class = appeal.ClassEnquiry
	}
	a.due = appeal.Due(cal, appeal.DefaultLimits[a.class], a.received)
	days := age.Hours() / 24
	r := rng.IntN(100)
	switch {
	case days < 2 && r < 50:
		a.state = string(appeal.StateReceived)
	case days < 4 && r < 40:
		a.state = string(appeal.StateDispatched)
	case days < 25 && r < 35 || days >= 25 && r < 8: // the older open ones are overdue
		a.state = string(appeal.StateSigned)
	case days < 25 && r < 50:
		a.state = string(appeal.StateAnswered)
	case days < 25 && r < 65:
		a.state = string(appeal.StateRating)
	default:
		a.state = string(appeal.StateClosed)
	}
	if a.state == string(appeal.StateReceived) {
		a.unit = ""
	}
	if i%17 == 5 && a.state != string(appeal.StateReceived) {
		a.backUnit = "信访局"
	}
	step := func(t time.Time, maxHours int) time.Time {
		n := t.Add(time.Duration(1+rng.IntN(maxHours)) * time.Hour)
		if n.After(now) {
			return now.Add(-time.Minute)
		}
		return n
	}
	if a.state != string(appeal.StateReceived) && a.state != string(appeal.StateDispatched) {
		a.signed = step(a.received.Add(5*time.Hour), 20) // after a possible 退单 and re-dispatch
	}
	if a.state == string(appeal.StateAnswered) || a.state == string(appeal.StateRating) || a.state == string(appeal.StateClosed) {
		a.answered = step(a.signed, 24*8)
		a.solved = rng.IntN(10) < 8
	}
	if a.state == string(appeal.StateClosed) {
		a.closed = step(a.answered, 30)
		ratings := []string{appeal.RatingSatisfied, appeal.RatingSatisfied, appeal.RatingSatisfied, appeal.RatingBasic, appeal.RatingUnsatisfied}
		first := ratings[rng.IntN(len(ratings))]
		if !a.solved && rng.IntN(2) == 0 {
			first = appeal.RatingUnsatisfied
		}
		a.ratings = []string{first}
		if first == appeal.RatingUnsatisfied && a.answered.Add(4*24*time.Hour).Before(now) {
			// 重办: reopened, answered again three days later, rated again.
			a.closed = a.answered.Add(3*24*time.Hour + time.Duration(rng.IntN(20))*time.Hour)
			a.ratings = append(a.ratings, ratings[rng.IntN(len(ratings))])
		}
	}
	return a
}

// insertDemoAppeals writes the appeals, then their dispatches, events and
// ratings, each table in one multi-row INSERT.
func insertDemoAppeals(ctx context.Context, tx *store.Tx, d Deps, cats map[string]demoCat, villages []demoVillage,
	unitIDs map[string]int64, list []demoAppeal, now time.Time) error {
	villageID := map[string]int64{}
	for _, v := range villages {
		villageID[v.name] = v.id
	}
	cols := `(code, category_id, class, region_id, address, description, name_enc, phone_enc, name_mask, phone_mask,
		phone_hash, source, state, unit_id, received_at, due_at, answered_at, closed_at, callback_due_at, answer_text,
		solved, reopened, rating_first, rating_final, created_at, updated_at)`
	var rows []string
	var args []any
	for _, a := range list {
		var nameEnc, phoneEnc any
		if a.name != "" {
			n, err := d.Suite.Seal([]byte(a.name))
			if err != nil {
				return err
			}
			p, err := d.Suite.Seal([]byte(a.phone))
			if err != nil {
				return err
			}
			nameEnc, phoneEnc = []byte(n), []byte(p)
		}
		var unit, answered, closed, callback, solved any
		answer := ""
		if a.unit != "" {
			unit = unitIDs[a.unit]
		}
		if !a.answered.IsZero() {
			answered, solved = a.answered, a.solved
			answer = "经核查，" + strings.TrimPrefix(a.desc, a.village+"：") + " 已安排专人处理并答复群众。"
			if !a.solved {
				answer = "经核查，问题涉及多部门，已列入下一步工作计划，暂未解决。"
			}
		}
		if a.state == string(appeal.StateRating) {
			callback = a.answered.Add(48 * time.Hour)
		}
		if !a.closed.IsZero() {
			closed = a.closed
		}
		first, final, reopened := "", "", 0
		if len(a.ratings) > 0 {
			first, final = a.ratings[0], a.ratings[len(a.ratings)-1]
			reopened = len(a.ratings) - 1
		}
		rows = append(rows, "(?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, a.code, cats[a.cat].id, a.class, villageID[a.village], a.desc, nameEnc, phoneEnc,
			audit.MaskName(a.name), audit.MaskPhone(a.phone), appeal.PhoneHash(d.Suite, a.phone), a.source, a.state, unit,
			a.received, a.due, answered, closed, callback, answer, solved, reopened, first, final, a.received, now)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO appeals `+cols+` VALUES `+strings.Join(rows, ", "), args...); err != nil {
		return fmt.Errorf("demo appeals: %w", err)
	}
	ids, err := demoAppealIDs(ctx, tx)
	if err != nil {
		return err
	}
	return insertDemoHistory(ctx, tx, list, ids, unitIDs)
}

func demoAppealIDs(ctx context.Context, tx *store.Tx) (map[string]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id, code FROM appeals`)
	if err != nil {
		return nil, fmt.Errorf("demo appeal ids: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		out[code] = id
	}
	return out, rows.Err()
}

// insertDemoHistory writes dispatches, timeline events and ratings.
func insertDemoHistory(ctx context.Context, tx *store.Tx, list []demoAppeal, ids map[string]int64, unitIDs map[string]int64) error {
	var disp, ev, rt []string
	var dargs, eargs, rargs []any
	event := func(id int64, at time.Time, action, from, to string, unit int64) {
		ev = append(ev, "(?, ?, ?, ?, ?, ?, '')")
		var u any
		if unit != 0 {
			u = unit
		}
		eargs = append(eargs, id, at, action, from, to, u)
	}
	for _, a := range list {
		id := ids[a.code]
		event(id, a.received, "receive", "", string(appeal.StateReceived), 0)
		if a.unit == "" {
			continue
		}
		at := a.received.Add(30 * time.Minute)
		if a.backUnit != "" {
			back := at.Add(2 * time.Hour)
			disp = append(disp, "(?, ?, ?, ?, NULL, ?, ?, TRUE, FALSE)")
			dargs = append(dargs, id, unitIDs[a.backUnit], at, at.Add(24*time.Hour), back, "不属于本单位职责")
			event(id, at, "dispatch", "received", "dispatched", unitIDs[a.backUnit])
			event(id, back, "send_back", "dispatched", "back", unitIDs[a.backUnit])
			event(id, back.Add(time.Hour), "accept_back", "back", "received", unitIDs[a.backUnit])
			at = back.Add(2 * time.Hour)
		}
		var signed any
		if !a.signed.IsZero() {
			if a.signed.Before(at) {
				a.signed = at.Add(time.Hour)
			}
			signed = a.signed
		}
		disp = append(disp, "(?, ?, ?, ?, ?, NULL, '', NULL, ?)")
		dargs = append(dargs, id, unitIDs[a.unit], at, at.Add(24*time.Hour), signed, false)
		event(id, at, "dispatch", "received", "dispatched", unitIDs[a.unit])
		if a.signed.IsZero() {
			continue
		}
		event(id, a.signed, "sign", "dispatched", "signed", unitIDs[a.unit])
		if a.answered.IsZero() {
			continue
		}
		event(id, a.answered, "answer", "signed", "answered", unitIDs[a.unit])
		if a.state == string(appeal.StateAnswered) {
			continue
		}
		event(id, a.answered.Add(2*time.Hour), "approve", "answered", "rating", unitIDs[a.unit])
		rate := func(round int, r string, at time.Time) {
			rt = append(rt, "(?, ?, ?, ?, 'tracker', ?)")
			reason := ""
			if r == appeal.RatingUnsatisfied {
				reason = "问题没有真正解决"
			}
			rargs = append(rargs, id, round, r, reason, at)
		}
		if len(a.ratings) == 2 {
			first := a.answered.Add(26 * time.Hour)
			rate(1, a.ratings[0], first)
			event(id, first, "reopen", "rating", "signed", unitIDs[a.unit])
			event(id, a.closed.Add(-20*time.Hour), "answer", "signed", "answered", unitIDs[a.unit])
			event(id, a.closed.Add(-18*time.Hour), "approve", "answered", "rating", unitIDs[a.unit])
		}
		if len(a.ratings) > 0 {
			last := a.ratings[len(a.ratings)-1]
			rate(len(a.ratings), last, a.closed)
			event(id, a.closed, "rate_"+last, "rating", "closed", unitIDs[a.unit])
		}
	}
	for _, q := range []struct {
		sql  string
		rows []string
		args []any
	}{
		{`INSERT INTO appeal_dispatches (appeal_id, unit_id, dispatched_at, sign_due_at, signed_at, back_at, back_reason, back_accepted, by_rule) VALUES `, disp, dargs},
		{`INSERT INTO appeal_events (appeal_id, at, action, from_state, to_state, unit_id, comment) VALUES `, ev, eargs},
		{`INSERT INTO appeal_ratings (appeal_id, round, rating, reason, via, at) VALUES `, rt, rargs},
	} {
		if len(q.rows) == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, q.sql+strings.Join(q.rows, ", "), q.args...); err != nil {
			return fmt.Errorf("demo appeal history: %w", err)
		}
	}
	return nil
}
