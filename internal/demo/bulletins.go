package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/bulletin"
	"tongchou/internal/notify"
	"tongchou/internal/store"
)

// demoNotices are the two notices: the office's, which two units have not
// confirmed yet, and 教育局's to the two towns, confirmed by both.
var demoNotices = []struct {
	sender, user, title, body, file string
	daysAgo                         int
	to                              []string
	confirmed                       map[string]string // unit → confirming user
}{
	{"区委督查室", "ducha", "关于报送专项活动第二阶段工作小结的通知",
		"各有关单位：\n请于本周五前通过统筹平台报送第二阶段（调研摸底）工作小结，内容包括调研开展情况、发现的主要问题和下一步打算。调度会议程见附件。\n\n区委督查室",
		"调度会通知附件：议程.txt", 3,
		[]string{"教育局", "卫生健康局", "青石镇人民政府", "柳溪乡人民政府"},
		map[string]string{"教育局": "jiaoyu", "卫生健康局": "weijian"}},
	{"教育局", "jiaoyu", "关于做好新划入镇乡学校秋季招生衔接工作的通知",
		"青石镇、柳溪乡人民政府：\n为做好区划调整后学校秋季招生衔接，请摸清适龄儿童底数，于月底前报教育局。\n\n河西区教育局",
		"", 8, []string{"青石镇人民政府", "柳溪乡人民政府"},
		map[string]string{"青石镇人民政府": "qingshi", "柳溪乡人民政府": "liuxi"}},
}

// demoDocs are the campaign library's documents; the work plan has two versions.
var demoDocs = []struct {
	category, title string
	files           []string // oldest first
	daysAgo         int
}{
	{bulletin.CatPolicy, "关于开展大调研大融合大发展专项活动的通知", []string{"关于开展大调研大融合大发展专项活动的通知.txt"}, 55},
	{bulletin.CatPlan, "专项活动工作方案", []string{"专项活动工作方案（征求意见稿）.txt", "专项活动工作方案.txt"}, 50},
	{bulletin.CatTemplate, "调研报告模板", []string{"调研报告模板.txt"}, 40},
}

// LoadBulletins adds the demo notices with their receipts and the
// campaign's document library. The files are recorded as rows only; their
// content is bulletin.SampleFiles, which downloads fall back to.
func LoadBulletins(ctx context.Context, tx *store.Tx, d Deps, campaign int64) error {
	now := d.Now().UTC()
	l := &loader{ctx: ctx, tx: tx, now: now}
	for _, n := range demoNotices {
		if err := l.notice(n.sender, n.user, n.title, n.body, n.file, n.daysAgo, n.to, n.confirmed); err != nil {
			return fmt.Errorf("demo notice %s: %w", n.title, err)
		}
	}
	for _, doc := range demoDocs {
		if err := l.doc(campaign, doc.category, doc.title, doc.files, doc.daysAgo); err != nil {
			return fmt.Errorf("demo document %s: %w", doc.title, err)
		}
	}
	return d.Audit.Record(ctx, tx, audit.Entry{Entity: "demo", EntityID: "bulletins", Action: "load",
		After: map[string]any{"notices": len(demoNotices), "documents": len(demoDocs)}})
}

type loader struct {
	ctx context.Context
	tx  *store.Tx
	now time.Time
}

func (l *loader) id(q string, args ...any) (int64, error) {
	var id int64
	err := l.tx.QueryRow(l.ctx, q, args...).Scan(&id)
	return id, err
}

func (l *loader) notice(sender, user, title, body, file string, daysAgo int, to []string, confirmed map[string]string) error {
	unit, err := l.id(`SELECT id FROM units WHERE name = ?`, sender)
	if err != nil {
		return err
	}
	uid, err := l.id(`SELECT id FROM users WHERE username = ?`, user)
	if err != nil {
		return err
	}
	at := l.now.AddDate(0, 0, -daysAgo)
	id, err := store.InsertID(l.ctx, l.tx, `INSERT INTO bulletins (campaign_id, sender_unit_id, sender_id, title, body, to_all, published_at)
		VALUES ((SELECT MIN(id) FROM campaigns), ?, ?, ?, ?, ?, ?)`, unit, uid, title, body, false, at)
	if err != nil {
		return err
	}
	for _, name := range to {
		rid, err := l.id(`SELECT id FROM units WHERE name = ?`, name)
		if err != nil {
			return err
		}
		var by any
		var when any
		if u, ok := confirmed[name]; ok {
			if by, err = l.id(`SELECT id FROM users WHERE username = ?`, u); err != nil {
				return err
			}
			when = at.Add(5 * time.Hour)
		} else if err := l.tell(rid, id, title); err != nil {
			return err
		}
		if _, err := l.tx.Exec(l.ctx, `INSERT INTO bulletin_recipients (bulletin_id, unit_id, confirmed_by, confirmed_at)
			VALUES (?, ?, ?, ?)`, id, rid, by, when); err != nil {
			return err
		}
	}
	if file == "" {
		return nil
	}
	fid, err := l.file(file, uid, at)
	if err != nil {
		return err
	}
	_, err = l.tx.Exec(l.ctx, `INSERT INTO bulletin_attachments (bulletin_id, file_id) VALUES (?, ?)`, id, fid)
	return err
}

// tell puts the notice in the bell of the unit's liaisons, as publishing does.
func (l *loader) tell(unit, id int64, title string) error {
	rows, err := l.tx.Query(l.ctx, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'liaison'
		WHERE u.unit_id = ?`, unit)
	if err != nil {
		return err
	}
	var users []int64
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			rows.Close()
			return err
		}
		users = append(users, u)
	}
	rows.Close()
	for _, u := range users {
		if _, err := notify.Notify(l.ctx, l.tx, l.now, u, notify.Notification{Kind: "bulletin.new", Title: "新通知：" + title,
			Link: fmt.Sprintf("/bulletins/%d", id), Key: fmt.Sprintf("bulletin:%d:new:%d", id, u)}); err != nil {
			return err
		}
	}
	return rows.Err()
}

// file records a sample document as a files row.
func (l *loader) file(name string, user int64, at time.Time) (int64, error) {
	text, ok := bulletin.SampleFiles[name]
	if !ok {
		return 0, fmt.Errorf("no sample file %s", name)
	}
	sum := sha256.Sum256([]byte(text))
	return store.InsertID(l.ctx, l.tx, `INSERT INTO files (sha256, size, content_type, original_name, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, hex.EncodeToString(sum[:]), len(text), "text/plain; charset=utf-8", name, user, at)
}

func (l *loader) doc(campaign int64, category, title string, names []string, daysAgo int) error {
	office, err := l.id(`SELECT id FROM users WHERE username = 'ducha'`)
	if err != nil {
		return err
	}
	unit, err := l.id(`SELECT unit_id FROM users WHERE id = ?`, office)
	if err != nil {
		return err
	}
	created := l.now.AddDate(0, 0, -daysAgo)
	updated := created.AddDate(0, 0, 7*(len(names)-1))
	id, err := store.InsertID(l.ctx, l.tx, `INSERT INTO library_docs (campaign_id, category, title, unit_id, created_by, created_at,
		updated_at, versions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, campaign, category, title, unit, office, created, updated, len(names))
	if err != nil {
		return err
	}
	for i, name := range names {
		at := created.AddDate(0, 0, 7*i)
		fid, err := l.file(name, office, at)
		if err != nil {
			return err
		}
		note := ""
		if i > 0 {
			note = "吸收各单位意见后的正式稿"
		}
		if _, err := l.tx.Exec(l.ctx, `INSERT INTO library_versions (doc_id, seq, file_id, note, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, i+1, fid, note, office, at); err != nil {
			return err
		}
	}
	return nil
}
