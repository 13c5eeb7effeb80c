package bulletin_test

import (
	"net/http"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestPublishBadInput(t *testing.T) {
	env := authtest.New(t)
	ducha, jiaoyu, leader := login(env, "ducha", "10.2.0.1"), login(env, "jiaoyu", "10.2.0.2"), login(env, "leader", "10.2.0.3")
	office, edu, town := unitID(t, env, "区委督查室"), unitID(t, env, "教育局"), unitID(t, env, "青石镇人民政府")
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 64)...)
	ok := func(extra ...part) []part {
		return append([]part{field("title", "通知"), field("body", "正文"), field("sender_unit", office), field("units", edu)}, extra...)
	}
	replace := func(name, value string) []part {
		var out []part
		for _, p := range ok() {
			if p.field == name {
				p.value = value
			}
			out = append(out, p)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		as    *authtest.Client
		parts []part
		want  int
		msg   string
	}{
		{"EmptyTitleRefused", ducha, replace("title", "  "), 422, "此项必填"},
		{"HugeTitleRefused", ducha, replace("title", strings.Repeat("长", 300)), 422, "标题不能超过 200 个字"},
		{"MegabyteBodyRefused", ducha, replace("body", strings.Repeat("x", 1<<20)), 422, "内容过长"},
		{"NoUnitsRefused", ducha, []part{field("title", "t"), field("body", "b"), field("sender_unit", office)}, 422, "请至少选择一个接收单位"},
		{"UnknownUnitRefused", ducha, replace("units", "999999"), 422, "接收单位有误"},
		{"MalformedUnitRefused", ducha, replace("units", "1 OR 1=1"), 422, "接收单位有误"},
		{"SenderAsRecipientRefused", ducha, replace("units", office), 422, "接收单位有误"},
		{"OtherUnitAsSenderRefused", jiaoyu, append(replace("sender_unit", town), field("units", office)), 422, "请选择你所在的单位"},
		{"BadCampaignRefused", ducha, ok(field("campaign", "abc")), 422, "所选专项活动不存在"},
		{"MissingCampaignRefused", ducha, ok(field("campaign", "999999")), 422, "所选专项活动不存在"},
		{"ExecutableRefused", ducha, ok(file("setup.exe", exe)), 422, "不支持此文件类型"},
		{"RenamedExecutableRefused", ducha, ok(file("通知.pdf", exe)), 422, "不支持此文件类型"},
		{"EmptyFileRefused", ducha, ok(file("空.pdf", nil)), 422, "文件是空的"},
		{"SixFilesRefused", ducha, ok(file("1.pdf", samplePDF), file("2.pdf", samplePDF), file("3.pdf", samplePDF),
			file("4.pdf", samplePDF), file("5.pdf", samplePDF), file("6.pdf", samplePDF)), 422, "附件最多 5 个"},
		{"LeaderMayNotPublish", leader, ok(), 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, env, `SELECT COUNT(*) FROM bulletins`)
			files := count(t, env, `SELECT COUNT(*) FROM files`)
			rec := postMultipart(t, env, tc.as, "/bulletins/create", tc.parts...)
			if rec.Code != tc.want || !strings.Contains(rec.Body.String(), tc.msg) {
				t.Fatalf("status %d, want %d with %q", rec.Code, tc.want, tc.msg)
			}
			if count(t, env, `SELECT COUNT(*) FROM bulletins`) != before || count(t, env, `SELECT COUNT(*) FROM files`) != files {
				t.Fatal("a refused notice changed the database")
			}
		})
	}
	t.Run("UnitPublishesOnBehalfOfItsUnit", func(t *testing.T) {
		rec := postMultipart(t, env, jiaoyu, "/bulletins/create", field("title", "教育局通知"), field("body", "正文"),
			field("sender_unit", edu), field("units", town), field("units", office))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		if r := ducha.Get(rec.Header().Get("Location")); r.Code != http.StatusOK || !strings.Contains(r.Body, "确认收到（区委督查室）") {
			t.Fatalf("the office, a recipient, cannot confirm: %d", r.Code)
		}
	})
	t.Run("ToAllReachesEveryActiveUnitButTheSender", func(t *testing.T) {
		rec := postMultipart(t, env, ducha, "/bulletins/create", field("title", "全区通知"), field("body", "正文"),
			field("sender_unit", office), field("to_all", "1"))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("status %d", rec.Code)
		}
		id := strings.TrimPrefix(rec.Header().Get("Location"), "/bulletins/")
		want := count(t, env, `SELECT COUNT(*) FROM units WHERE active = ? AND id <> ?`, true, office)
		if got := count(t, env, `SELECT COUNT(*) FROM bulletin_recipients WHERE bulletin_id = ?`, id); got != want || want < 20 {
			t.Fatalf("recipients %d, want %d", got, want)
		}
	})
	t.Run("FormShowsTheFields", func(t *testing.T) {
		r := ducha.Get("/bulletins/new")
		if r.Code != http.StatusOK || !strings.Contains(r.Body, `name="units"`) || !strings.Contains(r.Body, "青石镇人民政府") {
			t.Fatalf("form = %d", r.Code)
		}
		if r := leader.Get("/bulletins/new"); r.Code != http.StatusForbidden {
			t.Fatalf("leader form = %d, want 403", r.Code)
		}
	})
}
