package audit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/audit"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/store"
)

// recordAs appends an entry as the named demo user.
func recordAs(t *testing.T, env *authtest.Env, username string, e audit.Entry) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: env.UserID(username), Name: username, IP: "10.9.9.9"})
	if err := env.App.DB.InTx(ctx, func(tx *store.Tx) error { return env.App.Audit.Record(ctx, tx, e) }); err != nil {
		t.Fatalf("record as %s: %v", username, err)
	}
}

func auditorClient(t *testing.T, env *authtest.Env) *authtest.Client {
	t.Helper()
	c := env.Client("10.0.0.50")
	c.MustLogin("auditor")
	return c
}

func TestAuditPagesOnlyForAuditor(t *testing.T) {
	env := authtest.New(t)
	paths := []string{"/audit", "/audit/verify", "/audit/logins", "/audit/export.xlsx", "/audit/logins/export.xlsx"}
	for _, who := range []string{"admin", "security", "jiaoyu", "ducha"} {
		t.Run(who+"Forbidden", func(t *testing.T) {
			c := env.Client("10.0.1.1")
			c.MustLogin(who)
			for _, p := range paths {
				if r := c.Get(p); r.Code != http.StatusForbidden {
					t.Fatalf("%s GET %s = %d, want 403", who, p, r.Code)
				}
			}
		})
	}
	t.Run("AnonymousSentToLogin", func(t *testing.T) {
		r := env.Client("10.0.1.2").Get("/audit")
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
			t.Fatalf("anonymous GET /audit = %d %s", r.Code, r.Location())
		}
	})
	t.Run("AuditorAllowedWithNav", func(t *testing.T) {
		c := auditorClient(t, env)
		for _, p := range paths {
			if r := c.Get(p); r.Code != http.StatusOK {
				t.Fatalf("auditor GET %s = %d", p, r.Code)
			}
		}
		if r := c.Get("/"); !strings.Contains(r.Body, `href="/audit"`) || !strings.Contains(r.Body, `href="/audit/logins"`) {
			t.Fatal("auditor's navigation lacks the audit pages")
		}
	})
}

func TestAuditListShowsEveryonesEntries(t *testing.T) {
	env := authtest.New(t)
	recordAs(t, env, "admin", audit.Entry{Entity: "user", EntityID: "42", Action: "disable",
		Before: map[string]any{"disabled": false}, After: map[string]any{"disabled": true}})
	recordAs(t, env, "security", audit.Entry{Entity: "policy", EntityID: "1", Action: "update", After: map[string]any{"idle": 20}})
	c := auditorClient(t, env)
	id, hash, err := env.App.Audit.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := c.Get("/audit")
	for _, want := range []string{">admin<", ">security<", "disable", "{&#34;disabled&#34;:true}", fmt.Sprintf(`<strong id="head-id">%d</strong>`, id), hash} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("GET /audit lacks %q", want)
		}
	}
	t.Run("FilterByActor", func(t *testing.T) {
		r := c.Get("/audit?actor=ADM&from=2026-05-01")
		if !strings.Contains(r.Body, ">admin<") || strings.Contains(r.Body, ">security<") {
			t.Fatal("actor filter did not narrow to admin")
		}
		if !strings.Contains(r.Body, `href="/audit/export.xlsx?actor=ADM&amp;from=2026-05-01"`) {
			t.Fatal("export link does not carry the filter")
		}
	})
	t.Run("FilterByEntityActionAndID", func(t *testing.T) {
		r := c.Get("/audit?entity=policy&action=update&entity_id=1")
		if !strings.Contains(r.Body, ">security<") || strings.Contains(r.Body, "disable</td>") {
			t.Fatal("entity filter did not narrow to the policy entry")
		}
	})
	t.Run("SuggestsEntitiesAndActions", func(t *testing.T) {
		if !strings.Contains(r.Body, `<option value="policy">`) || !strings.Contains(r.Body, `<option value="disable">`) {
			t.Fatal("search form does not suggest the logged entities and actions")
		}
	})
	t.Run("FilterByIPPrefix", func(t *testing.T) {
		if r := c.Get("/audit?ip=10.9."); !strings.Contains(r.Body, ">admin<") {
			t.Fatal("ip prefix 10.9. found nothing")
		}
		if r := c.Get("/audit?ip=10.99"); strings.Contains(r.Body, ">admin<") {
			t.Fatal("ip prefix 10.99 matched 10.9.9.9")
		}
	})
	t.Run("SQLAndWildcardsAreText", func(t *testing.T) {
		for _, q := range []string{"' OR 1=1 --", "%", "_", "<script>alert(1)</script>"} {
			r := c.Get("/audit?actor=" + url.QueryEscape(q))
			if r.Code != http.StatusOK || !strings.Contains(r.Body, `id="audit-none"`) || strings.Contains(r.Body, "<script>alert") {
				t.Fatalf("actor %q: status %d, want no match and nothing unescaped", q, r.Code)
			}
		}
	})
	t.Run("VerifyNowOK", func(t *testing.T) {
		r := c.Get("/audit/verify")
		if r.Code != http.StatusOK || !strings.Contains(r.Body, `id="verify-ok"`) || !strings.Contains(r.Body, hash) {
			t.Fatalf("verify page: %d", r.Code)
		}
	})
}

func TestAuditDatesAreShanghaiDays(t *testing.T) {
	env := authtest.New(t)
	// 16:30 UTC on 6 May is 00:30 on 7 May in Beijing.
	env.Clock.Advance(7*time.Hour + 30*time.Minute)
	recordAs(t, env, "admin", audit.Entry{Entity: "unit", EntityID: "7", Action: "late-night"})
	c := auditorClient(t, env)
	for _, tc := range []struct {
		name, query string
		found       bool
	}{
		{"OnItsBeijingDay", "from=2026-05-07&to=2026-05-07", true},
		{"NotOnItsUTCDay", "from=2026-05-06&to=2026-05-06", false},
		{"OpenEnded", "from=2026-05-07", true},
		{"BeforeIt", "to=2026-05-06", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Get("/audit?action=late-night&" + tc.query)
			if got := strings.Contains(r.Body, "late-night</td>"); got != tc.found {
				t.Fatalf("%s: found %v, want %v", tc.query, got, tc.found)
			}
		})
	}
}

func TestAuditFilterBadInput(t *testing.T) {
	env := authtest.New(t)
	c := auditorClient(t, env)
	long := strings.Repeat("长", 1<<20/3)
	for _, tc := range []struct{ name, path, want string }{
		{"BadDate", "/audit?from=2026-13-45", "日期格式应为"},
		{"WordsForDate", "/audit?to=yesterday", "日期格式应为"},
		{"ReversedRange", "/audit?from=2026-05-07&to=2026-05-01", "截止日期不能早于起始日期"},
		{"MegabyteActor", "/audit?actor=" + url.QueryEscape(long), "内容过长"},
		{"BadPage", "/audit?before=abc", "格式不正确"},
		{"InvalidUTF8", "/audit?entity=%ff%fe", "格式不正确"},
		{"LoginsBadResult", "/audit/logins?result=maybe", "格式不正确"},
		{"LoginsMegabyteUser", "/audit/logins?username=" + url.QueryEscape(long), "内容过长"},
		{"ExportBadDate", "/audit/export.xlsx?from=2026-02-30", "日期格式应为"},
		{"LoginsExportBadDate", "/audit/logins/export.xlsx?to=31/12/2026", "日期格式应为"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Get(tc.path)
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("GET %.60s = %d, want 422 with %q", tc.path, r.Code, tc.want)
			}
			if strings.Contains(r.Body, strings.Repeat("长", 200)) {
				t.Fatal("the over-long value was echoed back")
			}
		})
	}
}

// stepCell is an action shown in the result table (not in the suggestions).
var stepCell = regexp.MustCompile(`step-\d{3}</td>`)

func TestAuditPagesInEnglish(t *testing.T) {
	env := authtest.New(t)
	c := auditorClient(t, env)
	c.Post("/lang", url.Values{"lang": {"en"}, "back": {"/audit"}})
	r := c.Get("/audit?from=2026-02-30")
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Write the date as year-month-day") ||
		!strings.Contains(r.Body, "Chain head") {
		t.Fatalf("English audit page: %d", r.Code)
	}
	x := c.Get("/audit/export.xlsx")
	if rows := openXLSX(t, x, "Audit log", "audit-log-2026-05-06.xlsx"); rows[0][0] != "No." {
		t.Fatalf("English export header = %v", rows[0])
	}
}

func TestAuditPaging(t *testing.T) {
	env := authtest.New(t)
	for i := range 120 {
		recordAs(t, env, "admin", audit.Entry{Entity: "paging", EntityID: fmt.Sprint(i), Action: fmt.Sprintf("step-%03d", i)})
	}
	c := auditorClient(t, env)
	seen := map[string]bool{}
	path, pages := "/audit?entity=paging", 0
	for path != "" {
		pages++
		r := c.Get(path)
		n := len(stepCell.FindAllString(r.Body, -1))
		if pages < 3 && n != audit.PageSize {
			t.Fatalf("page %d has %d entries, want %d", pages, n, audit.PageSize)
		}
		if pages == 1 && !strings.Contains(r.Body, "step-119") {
			t.Fatal("first page does not start with the newest entry")
		}
		for i := range 120 {
			if s := fmt.Sprintf("step-%03d</td>", i); strings.Contains(r.Body, s) {
				if seen[s] {
					t.Fatalf("%s on two pages", s)
				}
				seen[s] = true
			}
		}
		path = ""
		if i := strings.Index(r.Body, `href="/audit?`); i >= 0 && strings.Contains(r.Body, `id="next-page"`) {
			j := strings.Index(r.Body, `id="next-page"`)
			k := strings.LastIndex(r.Body[:j], `href="`)
			path = strings.ReplaceAll(r.Body[k+6:j-2], "&amp;", "&")
		}
	}
	if pages != 3 || len(seen) != 120 {
		t.Fatalf("%d pages showed %d entries, want 3 pages and 120", pages, len(seen))
	}
}

func TestAuditExport(t *testing.T) {
	env := authtest.New(t)
	recordAs(t, env, "admin", audit.Entry{Entity: "user", EntityID: "42", Action: "disable", After: map[string]any{"phone": audit.MaskPhone("13812341234")}})
	recordAs(t, env, "admin", audit.Entry{Entity: "user", EntityID: "43", Action: "=HYPERLINK(\"x\")"})
	env.Client("10.0.3.3").Login("admin", "wrong-password")
	c := auditorClient(t, env)
	t.Run("AuditLog", func(t *testing.T) {
		r := c.Get("/audit/export.xlsx?actor=admin")
		rows := openXLSX(t, r, "审计日志", "%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-2026-05-06.xlsx")
		if len(rows) != 3 || rows[0][0] != "编号" || rows[0][1] != "时间（北京时间）" || rows[0][8] != "修改前" {
			t.Fatalf("sheet = %v", rows)
		}
		if rows[1][7] != "=HYPERLINK(\"x\")" || rows[2][7] != "disable" || !strings.Contains(rows[2][9], "138****1234") {
			t.Fatalf("rows = %v", rows[1:])
		}
		if rows[2][1] != "2026-05-06 17:00:00" {
			t.Fatalf("time %q, want Beijing time 2026-05-06 17:00:00", rows[2][1])
		}
	})
	t.Run("LoginLog", func(t *testing.T) {
		r := c.Get("/audit/logins/export.xlsx?username=admin&result=failure")
		rows := openXLSX(t, r, "登录日志", "%E7%99%BB%E5%BD%95%E6%97%A5%E5%BF%97-2026-05-06.xlsx")
		if len(rows) != 2 || rows[0][2] != "用户名" || rows[1][2] != "admin" || rows[1][5] != "失败" || rows[1][4] != "10.0.3.3" {
			t.Fatalf("sheet = %v", rows)
		}
	})
	t.Run("LoginPageShowsBoth", func(t *testing.T) {
		r := c.Get("/audit/logins?username=admin")
		if !strings.Contains(r.Body, "10.0.3.3") || !strings.Contains(r.Body, "audit-fail") {
			t.Fatal("login log page lacks admin's failed attempt")
		}
		if r := c.Get("/audit/logins?result=success&username=auditor"); !strings.Contains(r.Body, "audit-ok") {
			t.Fatal("login log lacks the auditor's own sign-in")
		}
	})
}

// openXLSX checks the download headers and returns the named sheet's rows.
func openXLSX(t *testing.T, r *authtest.Response, sheet, encodedName string) [][]string {
	t.Helper()
	if r.Code != http.StatusOK || !strings.Contains(r.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export = %d %s", r.Code, r.Header().Get("Content-Type"))
	}
	if cd := r.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''"+encodedName) {
		t.Fatalf("Content-Disposition = %q", cd)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}

func TestVerifyPageNamesBrokenEntry(t *testing.T) {
	env := authtest.New(t)
	recordAs(t, env, "admin", audit.Entry{Entity: "user", EntityID: "1", Action: "x"})
	recordAs(t, env, "admin", audit.Entry{Entity: "user", EntityID: "2", Action: "y"})
	id, _, _ := env.App.Audit.Head(context.Background())
	env.Exec("UPDATE audit_log SET action = 'z' WHERE id = ?", id-1)
	r := auditorClient(t, env).Get("/audit/verify")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, fmt.Sprintf("第 %d 条日志处链条断裂", id-1)) ||
		!strings.Contains(r.Body, "内容与其哈希不符") {
		t.Fatalf("verify page after tampering: %d", r.Code)
	}
}

func TestExportStopsAtLimit(t *testing.T) {
	env := authtest.New(t)
	for i := range 5 {
		recordAs(t, env, "admin", audit.Entry{Entity: "capped", EntityID: fmt.Sprint(i), Action: "x"})
	}
	pages := audit.NewPages(env.App.DB, env.App.UI, env.App.Audit)
	pages.SetExportLimit(3)
	w := httptest.NewRecorder()
	if err := pages.Export(w, httptest.NewRequest(http.MethodGet, "/audit/export.xlsx?entity=capped", nil)); err != nil {
		t.Fatal(err)
	}
	rows := openXLSX(t, &authtest.Response{ResponseRecorder: w, Body: w.Body.String()}, "审计日志",
		"%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-2026-05-06.xlsx")
	if len(rows) != 5 || rows[1][6] != "4" || rows[3][6] != "2" || !strings.Contains(rows[4][0], "仅导出最新的 3 条") {
		t.Fatalf("capped export = %v, want header, the newest 3 and a note", rows)
	}
}
