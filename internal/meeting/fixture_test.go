package meeting_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fixture is a running app with the demo loaded and signed-in clients.
type fixture struct {
	env                          *authtest.Env
	office, leader, jiaoyu, head *authtest.Client
	qingshi                      *authtest.Client
	campaign, jiaoyuID, qingID   int64
	caizheng                     int64
}

func newFixture(t *testing.T, env *authtest.Env) *fixture {
	t.Helper()
	f := &fixture{env: env, office: env.Client("10.9.0.1"), leader: env.Client("10.9.0.2"), jiaoyu: env.Client("10.9.0.3"),
		head: env.Client("10.9.0.4"), qingshi: env.Client("10.9.0.5")}
	f.office.MustLogin("ducha")
	f.leader.MustLogin("leader")
	f.jiaoyu.MustLogin("jiaoyu")
	f.head.MustLogin("jiaoyu_head")
	f.qingshi.MustLogin("qingshi")
	f.campaign = f.scalar(`SELECT MIN(id) FROM campaigns`)
	f.jiaoyuID = f.scalar(`SELECT id FROM units WHERE name = ?`, "教育局")
	f.qingID = f.scalar(`SELECT id FROM units WHERE name = ?`, "青石镇人民政府")
	f.caizheng = f.scalar(`SELECT id FROM units WHERE name = ?`, "财政局")
	return f
}

// scalar runs a one-number query.
func (f *fixture) scalar(q string, args ...any) int64 {
	f.env.T.Helper()
	var n int64
	if err := f.env.App.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		f.env.T.Fatalf("%s: %v", q, err)
	}
	return n
}

// text runs a one-string query.
func (f *fixture) text(q string, args ...any) string {
	f.env.T.Helper()
	var s string
	if err := f.env.App.DB.QueryRow(context.Background(), q, args...).Scan(&s); err != nil {
		f.env.T.Fatalf("%s: %v", q, err)
	}
	return s
}

// meetingForm is a valid form for a dispatch meeting attended by 教育局 and 青石镇.
func (f *fixture) meetingForm(title string) url.Values {
	return url.Values{"campaign": {itoa(f.campaign)}, "kind": {"dispatch"}, "title": {title},
		"held_at": {"2026-05-20T09:30"}, "place": {"区委第一会议室"}, "units": {itoa(f.jiaoyuID), itoa(f.qingID)},
		"agenda": {"一、各单位汇报\n二、领导讲话"}}
}

// create makes a meeting through the page and returns its id.
func (f *fixture) create(t *testing.T, form url.Values) int64 {
	t.Helper()
	res := f.office.Post("/meetings/create", form)
	if res.Code != 303 && res.Code != 302 {
		t.Fatalf("create meeting: %d %s", res.Code, res.Body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(res.Location(), "/meetings/"), 10, 64)
	if err != nil {
		t.Fatalf("create meeting: redirect %q", res.Location())
	}
	return id
}

// audits counts the audit entries of entity.
func (f *fixture) audits(entity string) int64 {
	return f.scalar(`SELECT COUNT(*) FROM audit_log WHERE entity = ?`, entity)
}

// advance moves the clock and signs everyone in again (sessions time out).
func (f *fixture) advance(d time.Duration) {
	f.env.Clock.Advance(d)
	for c, u := range map[*authtest.Client]string{f.office: "ducha", f.leader: "leader", f.jiaoyu: "jiaoyu", f.head: "jiaoyu_head",
		f.qingshi: "qingshi"} {
		c.Cookies = map[string]*http.Cookie{}
		c.MustLogin(u)
	}
}
