package meeting_test

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/meeting"
	"tongchou/internal/store"
)

// TestMeetingPages runs a dispatch meeting through the pages on both
// engines: create and scope, statements, attendance, minutes, decisions
// published as tasks, and the next meeting showing them.
func TestMeetingPages(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		f := newFixture(t, env)
		id := f.create(t, f.meetingForm("第一次调度会"))
		path := "/meetings/" + itoa(id)
		t.Run("create", func(t *testing.T) { testCreate(t, f, id) })
		t.Run("scope", func(t *testing.T) { testScope(t, f, path) })
		t.Run("statements", func(t *testing.T) { testStatements(t, f, id) })
		t.Run("attendance", func(t *testing.T) { testAttendance(t, f, id) })
		t.Run("minutes", func(t *testing.T) { testMinutes(t, f, id) })
		t.Run("decisions", func(t *testing.T) { testDecisions(t, f, id) })
		t.Run("previous", func(t *testing.T) { testPrevious(t, f, id) })
		t.Run("messages", func(t *testing.T) { testMessages(t, f, id) })
	})
}

func testCreate(t *testing.T, f *fixture, id int64) {
	huge := strings.Repeat("长", 1<<20)
	bad := func(k, v string) url.Values {
		form := f.meetingForm("坏")
		form.Set(k, v)
		return form
	}
	before, audits := f.scalar(`SELECT COUNT(*) FROM meetings`), f.audits("meeting")
	for _, tc := range []struct {
		name  string
		c     *authtest.Client
		form  url.Values
		code  int
		field string
	}{
		{"UnitUserForbidden", f.jiaoyu, f.meetingForm("越权"), 403, ""},
		{"LeaderForbidden", f.leader, f.meetingForm("越权"), 403, ""},
		{"EmptyTitleRefused", f.office, bad("title", "  "), 422, "必填"},
		{"HugeTitleRefused", f.office, bad("title", huge), 422, ""},
		{"HugeAgendaRefused", f.office, bad("agenda", huge), 422, ""},
		{"BadDateRefused", f.office, bad("held_at", "2026-13-45T25:00"), 422, "请填写正确的日期和时间"},
		{"EmptyDateRefused", f.office, bad("held_at", ""), 422, ""},
		{"UnknownKindRefused", f.office, bad("kind", "party"), 422, ""},
		{"UnknownCampaignRefused", f.office, bad("campaign", "999999"), 422, ""},
		{"JunkCampaignRefused", f.office, bad("campaign", "1 OR 1=1"), 422, ""},
		{"UnknownUnitRefused", f.office, bad("units", "999999"), 422, ""},
		{"TooManyUnitsRefused", f.office, func() url.Values {
			form := f.meetingForm("坏")
			for i := range 150 {
				form.Add("units", itoa(int64(i+1)))
			}
			return form
		}(), 422, "数量过多"},
		{"ChairUnknownRefused", f.office, bad("chair", "999999"), 422, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Post("/meetings/create", tc.form)
			if res.Code != tc.code || !strings.Contains(res.Body, tc.field) {
				t.Fatalf("got %d, want %d with %q", res.Code, tc.code, tc.field)
			}
			if len(res.Body) > 200_000 {
				t.Fatalf("the rejected form echoes %d bytes", len(res.Body))
			}
		})
	}
	if after := f.scalar(`SELECT COUNT(*) FROM meetings`); after != before || f.audits("meeting") != audits {
		t.Fatalf("refused creations stored meetings: %d → %d", before, after)
	}
	t.Run("StoredInShanghaiTimeAndAudited", func(t *testing.T) {
		res := f.office.Get("/meetings/" + itoa(id))
		if res.Code != 200 || !strings.Contains(res.Body, "2026-05-20 09:30") || !strings.Contains(res.Body, "区委第一会议室") {
			t.Fatalf("meeting page: %d", res.Code)
		}
		if f.audits("meeting") == 0 {
			t.Fatal("no audit entry for the meeting")
		}
	})
	t.Run("EditFromStaleVersionConflicts", func(t *testing.T) {
		form := f.meetingForm("第一次调度会（改）")
		form.Set("version", "99")
		if res := f.office.Post("/meetings/"+itoa(id)+"/update", form); res.Code != 409 {
			t.Fatalf("stale edit: %d", res.Code)
		}
		form.Set("version", itoa(f.scalar(`SELECT version FROM meetings WHERE id = ?`, id)))
		form.Set("title", "第一次调度会")
		if res := f.office.Post("/meetings/"+itoa(id)+"/update", form); res.Code != 303 {
			t.Fatalf("edit: %d %s", res.Code, res.Body)
		}
	})
}

func testScope(t *testing.T, f *fixture, path string) {
	form := f.meetingForm("教育专题协调会")
	form.Set("kind", "coordination")
	form["units"] = []string{itoa(f.jiaoyuID)}
	other := f.create(t, form)
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		path string
		code int
		want string
	}{
		{"OfficeSeesIt", f.office, path, 200, "第一次调度会"},
		{"LeaderSeesIt", f.leader, path, 200, "第一次调度会"},
		{"AttendingUnitSeesIt", f.jiaoyu, path, 200, "第一次调度会"},
		{"OtherUnitsMeetingNotFound", f.qingshi, "/meetings/" + itoa(other), 404, ""},
		{"OtherUnitsListOmitsIt", f.qingshi, "/meetings", 200, "第一次调度会"},
		{"MalformedIDNotFound", f.office, "/meetings/abc", 404, ""},
		{"MissingNotFound", f.office, "/meetings/999999", 404, ""},
		{"UnitUserCannotEdit", f.jiaoyu, path + "/edit", 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Get(tc.path)
			if res.Code != tc.code || !strings.Contains(res.Body, tc.want) {
				t.Fatalf("GET %s: %d, want %d with %q", tc.path, res.Code, tc.code, tc.want)
			}
		})
	}
	t.Run("ListHidesOtherUnitsMeeting", func(t *testing.T) {
		if res := f.qingshi.Get("/meetings"); strings.Contains(res.Body, "教育专题协调会") {
			t.Fatal("青石镇 lists a meeting it does not attend")
		}
	})
	t.Run("OtherUnitCannotPostToIt", func(t *testing.T) {
		res := f.qingshi.Post("/meetings/"+itoa(other)+"/statements", url.Values{"unit": {itoa(f.qingID)}, "statement": {"x"}})
		if res.Code != 404 {
			t.Fatalf("statement on a meeting not attended: %d", res.Code)
		}
	})
}

func testStatements(t *testing.T, f *fixture, id int64) {
	path := "/meetings/" + itoa(id)
	submit := func(c *authtest.Client, unit int64, text string) *authtest.Response {
		return c.Post(path+"/statements", url.Values{"unit": {itoa(unit)}, "statement": {text}})
	}
	t.Run("SubmitBeforeRequestForbidden", func(t *testing.T) {
		if res := submit(f.jiaoyu, f.jiaoyuID, "提前报送"); res.Code != 403 {
			t.Fatalf("got %d", res.Code)
		}
	})
	for _, tc := range []struct{ name, due string }{{"EmptyDueRefused", ""}, {"BadDueRefused", "明天"}, {"HugeDueRefused", strings.Repeat("9", 5000)}} {
		t.Run(tc.name, func(t *testing.T) {
			if res := f.office.Post(path+"/statements/request", url.Values{"statement_due": {tc.due}}); res.Code != 422 {
				t.Fatalf("got %d", res.Code)
			}
		})
	}
	t.Run("UnitCannotRequest", func(t *testing.T) {
		if res := f.jiaoyu.Post(path+"/statements/request", url.Values{"statement_due": {"2026-05-18T17:00"}}); res.Code != 403 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("RequestNotifiesUnits", func(t *testing.T) {
		if res := f.office.Post(path+"/statements/request", url.Values{"statement_due": {"2026-05-08T17:00"}}); res.Code != 303 {
			t.Fatalf("request: %d %s", res.Code, res.Body)
		}
		for _, u := range []string{"jiaoyu", "jiaoyu_head", "qingshi"} {
			if n := f.scalar(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'meeting.statement'`, f.env.UserID(u)); n != 1 {
				t.Fatalf("%s has %d statement notifications", u, n)
			}
		}
	})
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		unit int64
		text string
		code int
	}{
		{"EmptyRefused", f.jiaoyu, f.jiaoyuID, "   ", 422},
		{"HugeRefused", f.jiaoyu, f.jiaoyuID, strings.Repeat("字", 20001), 422},
		{"OtherUnitsStatementForbidden", f.jiaoyu, f.qingID, "代报", 403},
		{"OfficeCannotSubmit", f.office, f.jiaoyuID, "代报", 403},
		{"LiaisonSubmits", f.jiaoyu, f.jiaoyuID, "<script>alert(1)</script>教育局汇报：完成 80%", 303},
		{"HeadReplaces", f.head, f.jiaoyuID, "<script>alert(1)</script>教育局汇报（修订）", 303},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if res := submit(tc.c, tc.unit, tc.text); res.Code != tc.code {
				t.Fatalf("got %d, want %d", res.Code, tc.code)
			}
		})
	}
	t.Run("UnitSeesOnlyItsOwnStatement", func(t *testing.T) {
		if res := f.qingshi.Get(path); res.Code != 200 || strings.Contains(res.Body, "教育局汇报") {
			t.Fatalf("青石镇 reads 教育局's statement: %d", res.Code)
		}
		if res := f.leader.Get(path); !strings.Contains(res.Body, "教育局汇报") {
			t.Fatal("the leader cannot read the statements")
		}
	})
	t.Run("StatementStoredAndEscaped", func(t *testing.T) {
		if got := f.text(`SELECT statement FROM meeting_units WHERE meeting_id = ? AND unit_id = ?`, id, f.jiaoyuID); !strings.Contains(got, "修订") {
			t.Fatalf("statement %q", got)
		}
		res := f.office.Get(path)
		if strings.Contains(res.Body, "<script>alert") || !strings.Contains(res.Body, "&lt;script&gt;") {
			t.Fatal("the statement is not escaped")
		}
	})
	f.advance(3 * 24 * time.Hour) // past the deadline of 05-08 17:00
	t.Run("MissingShownOverdue", func(t *testing.T) {
		res := f.office.Get(path)
		if !strings.Contains(res.Body, "逾期未报") || !strings.Contains(res.Body, "1 个单位未报送") {
			t.Fatal("the missing statement of 青石镇 is not shown overdue")
		}
	})
	t.Run("LateStatementMarkedLate", func(t *testing.T) {
		if res := submit(f.qingshi, f.qingID, "青石镇汇报"); res.Code != 303 {
			t.Fatalf("late submission: %d", res.Code)
		}
		res := f.office.Get(path)
		if !strings.Contains(res.Body, "迟报") || strings.Contains(res.Body, "逾期未报") {
			t.Fatal("the late statement is not marked late")
		}
	})
}

func testAttendance(t *testing.T, f *fixture, id int64) {
	path := "/meetings/" + itoa(id) + "/attendance"
	version := func() string { return itoa(f.scalar(`SELECT version FROM meetings WHERE id = ?`, id)) }
	rows := func(sub string) url.Values {
		return url.Values{"version": {version()}, "att_unit": {itoa(f.jiaoyuID), itoa(f.qingID), ""},
			"att_name": {"郑局", "周镇长", "刘正"}, "att_status": {"present", "substitute", "present"}, "att_sub": {"", sub, ""}}
	}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		form url.Values
		code int
	}{
		{"UnitForbidden", f.jiaoyu, rows("周青"), 403},
		{"SubstituteWithoutNameRefused", f.office, rows(""), 422},
		{"UnknownStatusRefused", f.office, func() url.Values { v := rows("周青"); v["att_status"][0] = "late"; return v }(), 422},
		{"RaggedRowsRefused", f.office, func() url.Values { v := rows("周青"); v["att_sub"] = nil; return v }(), 422},
		{"UnitNotAttendingRefused", f.office, func() url.Values { v := rows("周青"); v["att_unit"][2] = itoa(f.caizheng); return v }(), 422},
		{"TooManyRowsRefused", f.office, func() url.Values {
			v := url.Values{"version": {version()}}
			for range 400 {
				v.Add("att_unit", "")
				v.Add("att_name", "某")
				v.Add("att_status", "present")
				v.Add("att_sub", "")
			}
			return v
		}(), 422},
		{"StaleVersionConflicts", f.office, func() url.Values { v := rows("周青"); v.Set("version", "1"); return v }(), 409},
		{"Saved", f.office, rows("周青"), 303},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if res := tc.c.Post(path, tc.form); res.Code != tc.code {
				t.Fatalf("got %d, want %d", res.Code, tc.code)
			}
		})
	}
	if n := f.scalar(`SELECT COUNT(*) FROM meeting_attendees WHERE meeting_id = ? AND status = 'substitute' AND substitute = '周青'`, id); n != 1 {
		t.Fatalf("substitute rows: %d", n)
	}
	if s := f.text(`SELECT state FROM meetings WHERE id = ?`, id); s != meeting.StateHeld {
		t.Fatalf("state after attendance: %s", s)
	}
}

func testMinutes(t *testing.T, f *fixture, id int64) {
	path := "/meetings/" + itoa(id)
	version := func() string { return itoa(f.scalar(`SELECT version FROM meetings WHERE id = ?`, id)) }
	t.Run("UnitForbidden", func(t *testing.T) {
		if res := f.jiaoyu.Post(path+"/minutes", url.Values{"version": {version()}, "minutes": {"x"}}); res.Code != 403 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("HugeRefused", func(t *testing.T) {
		res := f.office.Post(path+"/minutes", url.Values{"version": {version()}, "minutes": {strings.Repeat("纪", 50001)}})
		if res.Code != 422 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("DraftHiddenFromUnits", func(t *testing.T) {
		if res := f.office.Post(path+"/minutes", url.Values{"version": {version()}, "minutes": {"会议听取了各单位汇报。"}}); res.Code != 303 {
			t.Fatalf("save: %d", res.Code)
		}
		if res := f.jiaoyu.Get(path); strings.Contains(res.Body, "会议听取了各单位汇报") {
			t.Fatal("a unit reads draft minutes")
		}
		if res := f.jiaoyu.Get(path + "/minutes.docx"); res.Code != 404 {
			t.Fatalf("draft minutes docx for a unit: %d", res.Code)
		}
	})
	t.Run("PublishedShownToUnits", func(t *testing.T) {
		form := url.Values{"version": {version()}, "minutes": {"会议听取了各单位汇报。"}, "publish": {"1"}}
		if res := f.office.Post(path+"/minutes", form); res.Code != 303 {
			t.Fatalf("publish: %d", res.Code)
		}
		if res := f.jiaoyu.Get(path); !strings.Contains(res.Body, "会议听取了各单位汇报") {
			t.Fatal("the unit does not read the published minutes")
		}
	})
	t.Run("DocxDownloads", func(t *testing.T) {
		res := f.jiaoyu.Get(path + "/minutes.docx")
		if res.Code != 200 || !strings.HasPrefix(res.Body, "PK") {
			t.Fatalf("minutes docx: %d", res.Code)
		}
		zr, err := zip.NewReader(strings.NewReader(res.Body), int64(len(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := zr.Open("word/document.xml")
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		xml, err := io.ReadAll(doc)
		if err != nil || !strings.Contains(string(xml), "第一次调度会纪要") || !strings.Contains(string(xml), "会议听取了各单位汇报") {
			t.Fatalf("the document lacks the title or the minutes (%v)", err)
		}
	})
}

func testDecisions(t *testing.T, f *fixture, id int64) {
	path := "/meetings/" + itoa(id)
	add := func(c *authtest.Client, form url.Values) *authtest.Response { return c.Post(path+"/decisions", form) }
	good := url.Values{"text": {"青石镇中心小学教师周转房年底前完成改造"}, "lead_unit": {itoa(f.jiaoyuID)},
		"co_units": {itoa(f.qingID), itoa(f.caizheng)}, "deadline": {"2026-09-30"}}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		form url.Values
		code int
	}{
		{"UnitForbidden", f.jiaoyu, good, 403},
		{"EmptyTextRefused", f.office, url.Values{"text": {""}}, 422},
		{"HugeTextRefused", f.office, url.Values{"text": {strings.Repeat("事", 3000)}}, 422},
		{"BadDeadlineRefused", f.office, url.Values{"text": {"x"}, "deadline": {"2026-02-30"}}, 422},
		{"UnknownLeadRefused", f.office, url.Values{"text": {"x"}, "lead_unit": {"999999"}}, 422},
		{"Added", f.office, good, 303},
		{"AddedWithoutLead", f.office, url.Values{"text": {"青石镇农贸市场提升改造方案"}, "deadline": {"2026-08-31"}}, 303},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if res := add(tc.c, tc.form); res.Code != tc.code {
				t.Fatalf("got %d, want %d", res.Code, tc.code)
			}
		})
	}
	incomplete := f.scalar(`SELECT id FROM meeting_decisions WHERE meeting_id = ? AND lead_unit_id IS NULL`, id)
	tasks := func() int64 { return f.scalar(`SELECT COUNT(*) FROM tasks WHERE source = 'meeting'`) }
	before := tasks()
	t.Run("IncompleteRefusesPublication", func(t *testing.T) {
		res := f.office.Post(path+"/decisions/publish", nil)
		if res.Code != 422 || !strings.Contains(res.Body, "未指定牵头单位") {
			t.Fatalf("publish with an incomplete decision: %d", res.Code)
		}
		if tasks() != before || f.scalar(`SELECT COUNT(*) FROM meeting_decisions WHERE meeting_id = ? AND task_id IS NOT NULL`, id) != 0 {
			t.Fatal("a refused publication created tasks")
		}
	})
	t.Run("UnitCannotPublish", func(t *testing.T) {
		if res := f.jiaoyu.Post(path+"/decisions/publish", nil); res.Code != 403 || tasks() != before {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("DecisionOfOtherMeetingNotFound", func(t *testing.T) {
		form := f.meetingForm("另一次推进会")
		form.Set("kind", "progress")
		other := f.create(t, form)
		res := f.office.Post("/meetings/"+itoa(other)+"/decisions/"+itoa(incomplete)+"/update", url.Values{"text": {"x"}})
		if res.Code != 404 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("CompletedThenPublished", func(t *testing.T) {
		form := url.Values{"text": {"青石镇农贸市场提升改造方案"}, "lead_unit": {itoa(f.qingID)}, "deadline": {"2026-08-31"}}
		if res := f.office.Post(path+"/decisions/"+itoa(incomplete)+"/update", form); res.Code != 303 {
			t.Fatalf("update: %d %s", res.Code, res.Body)
		}
		if res := f.office.Post(path+"/decisions/publish", nil); res.Code != 303 {
			t.Fatalf("publish: %d %s", res.Code, res.Body)
		}
		if got := tasks() - before; got != 2 {
			t.Fatalf("publication created %d tasks, want 2", got)
		}
		tid := f.scalar(`SELECT task_id FROM meeting_decisions WHERE meeting_id = ? AND seq = 1`, id)
		if st := f.text(`SELECT state FROM tasks WHERE id = ?`, tid); st != "assigned" {
			t.Fatalf("task state %s", st)
		}
		if n := f.scalar(`SELECT COUNT(*) FROM task_co_units WHERE task_id = ?`, tid); n != 2 {
			t.Fatalf("task co-units %d", n)
		}
		if res := f.jiaoyu.Get("/tasks/" + itoa(tid)); res.Code != 200 || !strings.Contains(res.Body, "周转房") {
			t.Fatalf("the lead unit cannot open its task: %d", res.Code)
		}
		if n := f.scalar(`SELECT COUNT(*) FROM notifications WHERE kind = 'meeting.decision' AND user_id = ?`, f.env.UserID("jiaoyu")); n != 1 {
			t.Fatalf("lead unit notifications: %d", n)
		}
		if n := f.scalar(`SELECT COUNT(*) FROM audit_log WHERE entity = 'meeting_decision' AND action = 'publish'`); n != 2 {
			t.Fatalf("publish audit entries: %d", n)
		}
	})
	t.Run("PublishingTwiceCreatesNothing", func(t *testing.T) {
		n := tasks()
		if res := f.office.Post(path+"/decisions/publish", nil); res.Code != 303 || tasks() != n {
			t.Fatalf("second publication: %d, tasks %d → %d", res.Code, n, tasks())
		}
	})
	t.Run("PublishedDecisionIsFrozen", func(t *testing.T) {
		if res := f.office.Post(path+"/decisions/"+itoa(incomplete)+"/delete", nil); res.Code != 400 {
			t.Fatalf("delete published: %d", res.Code)
		}
	})
	t.Run("PastDeadlineRefused", func(t *testing.T) {
		add(f.office, url.Values{"text": {"已过期事项"}, "lead_unit": {itoa(f.jiaoyuID)}, "deadline": {"2026-01-05"}})
		if res := f.office.Post(path+"/decisions/publish", nil); res.Code != 422 || !strings.Contains(res.Body, "完成时限早于今天") {
			t.Fatalf("got %d", res.Code)
		}
		past := f.scalar(`SELECT id FROM meeting_decisions WHERE text = '已过期事项'`)
		if res := f.office.Post(path+"/decisions/"+itoa(past)+"/delete", nil); res.Code != 303 {
			t.Fatalf("delete: %d", res.Code)
		}
	})
}

func testPrevious(t *testing.T, f *fixture, first int64) {
	form := f.meetingForm("第二次调度会")
	form.Set("held_at", "2026-06-03T09:30")
	second := f.create(t, form)
	t.Run("NextMeetingShowsDecisionsWithState", func(t *testing.T) {
		res := f.office.Get("/meetings/" + itoa(second))
		if !strings.Contains(res.Body, "上次会议议定事项落实情况") || !strings.Contains(res.Body, "周转房") ||
			!strings.Contains(res.Body, "已交办") || !strings.Contains(res.Body, "light-") {
			t.Fatal("the previous meeting's decisions are not shown with state and light")
		}
	})
	t.Run("UnitSeesOnlyItsTasksState", func(t *testing.T) {
		res := f.qingshi.Get("/meetings/" + itoa(second))
		if res.Code != 200 || !strings.Contains(res.Body, "农贸市场") {
			t.Fatalf("青石镇 page: %d", res.Code)
		}
	})
	t.Run("ExportedAPI", func(t *testing.T) {
		ctx := context.Background()
		m, err := meeting.LastMeeting(ctx, f.env.App.DB, f.campaign, meeting.KindDispatch, time.Date(2026, 6, 3, 1, 30, 0, 0, time.UTC))
		if err != nil || m.ID != first {
			t.Fatalf("LastMeeting: %d, %v; want %d", m.ID, err, first)
		}
		ds, err := meeting.Decisions(ctx, f.env.App.DB, first)
		if err != nil || len(ds) != 2 || ds[0].TaskID == 0 || ds[0].TaskState != "assigned" || len(ds[0].CoUnits) != 2 {
			t.Fatalf("Decisions: %+v, %v", ds, err)
		}
		demo, err := meeting.LastMeeting(ctx, f.env.App.DB, f.campaign, meeting.KindDispatch, m.HeldAt)
		if err != nil || demo.ID == first || !demo.HeldAt.Before(m.HeldAt) {
			t.Fatalf("LastMeeting before ours: %+v, %v", demo, err)
		}
		if _, err := meeting.LastMeeting(ctx, f.env.App.DB, f.campaign, meeting.KindDispatch, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("LastMeeting before any: %v", err)
		}
	})
}

// testMessages renders every page in both languages and looks for message
// keys left untranslated.
func testMessages(t *testing.T, f *fixture, id int64) {
	forum := f.scalar(`SELECT MIN(id) FROM meetings WHERE kind = 'forum'`)
	paths := []string{"/meetings", "/meetings/new", "/meetings/" + itoa(id), "/meetings/" + itoa(id) + "/edit", "/meetings/" + itoa(forum)}
	for _, lang := range []string{"zh-CN", "en"} {
		f.env.Exec(`UPDATE users SET lang = ? WHERE username IN ('ducha', 'jiaoyu')`, lang)
		f.advance(time.Minute)
		for _, c := range []*authtest.Client{f.office, f.jiaoyu} {
			for _, p := range paths {
				res := c.Get(p)
				if res.Code == 403 {
					continue
				}
				if lang == "en" && strings.HasSuffix(p, itoa(id)) && !strings.Contains(res.Body, "Minutes") {
					t.Errorf("%s is not in English", p)
				}
				for _, raw := range []string{"meeting.", "task.state.", "task.light.", "task.source.", "form."} {
					if strings.Contains(res.Body, raw) {
						i := strings.Index(res.Body, raw)
						t.Errorf("%s %s: raw key near %q", lang, p, res.Body[max(0, i-40):min(len(res.Body), i+60)])
					}
				}
			}
		}
	}
}
