package task_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/task"
)

// uploadPlan posts a plan workbook to the import form as c.
func uploadPlan(t *testing.T, env *authtest.Env, c *authtest.Client, file []byte, assign bool) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "plan.xlsx")
	fw.Write(file)
	if assign {
		mw.WriteField("assign", "1")
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/campaigns/1/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.RemoteAddr = c.IP + ":40000"
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	return rec
}

func openBook(t *testing.T, body string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestPlanImportThroughHTTP(t *testing.T) {
	env := authtest.New(t)
	office, liaison := env.Client("10.4.0.1"), env.Client("10.4.0.2")
	office.MustLogin("ducha")
	liaison.MustLogin("jiaoyu")

	tpl := office.Get("/campaigns/1/import/template.xlsx")
	if tpl.Code != 200 || !strings.Contains(tpl.Header().Get("Content-Disposition"), "UTF-8''") {
		t.Fatalf("template: %d %q", tpl.Code, tpl.Header().Get("Content-Disposition"))
	}
	if sheets := openBook(t, tpl.Body).GetSheetList(); len(sheets) != 2 || sheets[0] != task.PlanSheet || sheets[1] != task.PlanHelpSheet {
		t.Errorf("template sheets = %v", sheets)
	}
	for _, tc := range []struct {
		name   string
		c      *authtest.Client
		file   []byte
		assign bool
		code   int
		want   string
	}{
		{"TemplateAsIsImportsItsExample", office, []byte(tpl.Body), true, 200, "已导入并交办 1 项任务"},
		{"BadRowsListed", office, planBook(t, task.PlanSheet, []any{"1", "", "<script>x</script>", "", "不存在局", "", "", "", "", "2026-99-01"}), false, 422, "系统中没有该单位"},
		{"GarbageFile", office, []byte("PK\x03\x04garbage"), false, 422, "无法读取该文件"},
		{"LiaisonForbidden", liaison, []byte(tpl.Body), false, 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := uploadPlan(t, env, tc.c, tc.file, tc.assign)
			if r.Code != tc.code || !strings.Contains(r.Body.String(), tc.want) {
				t.Errorf("status %d, want %d with %q", r.Code, tc.code, tc.want)
			}
		})
	}
	var state string
	env.App.DB.QueryRow(t.Context(), `SELECT state FROM tasks WHERE title = '新划入镇乡学校布局调研'`).Scan(&state)
	if state != "assigned" {
		t.Errorf("imported example state = %q, want assigned", state)
	}
	t.Run("ErrorsInEnglishForEnglishUser", func(t *testing.T) {
		env.Exec(`UPDATE users SET lang = 'en' WHERE username = 'ducha'`)
		en := env.Client("10.4.0.3")
		en.MustLogin("ducha")
		r := uploadPlan(t, env, en, planBook(t, task.PlanSheet, []any{"1", "", "x", "", "不存在局", "", "", "", "", "2026-06-30"}), false)
		if r.Code != 422 || !strings.Contains(r.Body.String(), "No such unit") || !strings.Contains(r.Body.String(), "Lead unit") {
			t.Errorf("status %d; body lacks the English reason", r.Code)
		}
		env.Exec(`UPDATE users SET lang = 'zh-CN' WHERE username = 'ducha'`)
	})
}

func TestExportsThroughHTTP(t *testing.T) {
	env := authtest.New(t)
	office, leader, liaison := env.Client("10.5.0.1"), env.Client("10.5.0.2"), env.Client("10.5.0.3")
	office.MustLogin("ducha")
	leader.MustLogin("leader")
	liaison.MustLogin("jiaoyu")

	t.Run("BoardExportFollowsFilter", func(t *testing.T) {
		r := office.Get("/campaigns/1/tasks.xlsx?state=assigned")
		if r.Code != 200 || !strings.Contains(r.Header().Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("status %d, disposition %q", r.Code, r.Header().Get("Content-Disposition"))
		}
		f := openBook(t, r.Body)
		sheet := f.GetSheetList()[0]
		rows, _ := f.GetRows(sheet)
		if len(rows) < 2 || rows[0][1] != "任务名称" {
			t.Fatalf("rows = %v", rows)
		}
		for _, row := range rows[1:] {
			if row[11] != "已交办，待签收" && !strings.Contains(row[11], "交办") {
				t.Errorf("row state %q outside the filter", row[11])
			}
		}
		panes, _ := f.GetPanes(sheet)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header not frozen: %+v", panes)
		}
		if w, _ := f.GetColWidth(sheet, "B"); w < 30 {
			t.Errorf("title column width %v", w)
		}
		// the deadline is a real date cell; the light cell is filled
		typ, _ := f.GetCellType(sheet, "J2")
		raw, _ := f.GetCellValue(sheet, "J2", excelize.Options{RawCellValue: true})
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || strings.Contains(raw, "-") {
			t.Errorf("deadline cell is text: %v %q", typ, raw)
		}
		style, _ := f.GetCellStyle(sheet, "N2")
		st, _ := f.GetStyle(style)
		if st == nil || len(st.Fill.Color) == 0 {
			t.Errorf("light cell has no fill")
		}
	})
	t.Run("LiaisonExportsOnlyOwnScope", func(t *testing.T) {
		r := liaison.Get("/campaigns/1/tasks.xlsx")
		rows, _ := openBook(t, r.Body).GetRows(openBook(t, r.Body).GetSheetList()[0])
		for _, row := range rows[1:] {
			if row[4] != "教育局" && !strings.Contains(row[5], "教育局") {
				t.Errorf("liaison export has %q led by %s", row[1], row[4])
			}
		}
	})
	t.Run("BoardExportBadDate422", func(t *testing.T) {
		if r := office.Get("/campaigns/1/tasks.xlsx?from=garbage"); r.Code != 422 {
			t.Errorf("status %d, want 422", r.Code)
		}
	})
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		path string
		code int
		want string
	}{
		{"OfficeSeesComparison", office, "/campaigns/1/units", 200, "按时报送率"},
		{"LaggingRowsMarked", office, "/campaigns/1/units?sort=-red", 200, "compare-lagging"},
		{"LeaderSeesComparison", leader, "/campaigns/1/units?sort=ontime", 200, "教育局"},
		{"BadSortFallsBack", office, "/campaigns/1/units?sort=%3Cscript%3E", 200, "按时报送率"},
		{"LiaisonRefused", liaison, "/campaigns/1/units", 403, ""},
		{"UnknownCampaign", office, "/campaigns/999/units", 404, ""},
		{"BoardLinksToExports", office, "/campaigns/1/tasks?state=assigned", 200, "/campaigns/1/tasks.xlsx?state=assigned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Get(tc.path)
			if r.Code != tc.code || !strings.Contains(r.Body, tc.want) {
				t.Errorf("status %d, want %d with %q", r.Code, tc.code, tc.want)
			}
		})
	}
	t.Run("ComparisonExport", func(t *testing.T) {
		r := office.Get("/campaigns/1/units.xlsx")
		if r.Code != 200 {
			t.Fatalf("status %d", r.Code)
		}
		f := openBook(t, r.Body)
		rows, _ := f.GetRows(f.GetSheetList()[0])
		if len(rows) < 3 || rows[0][0] != "牵头单位" {
			t.Errorf("rows = %v", rows)
		}
	})
}
