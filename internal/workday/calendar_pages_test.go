package workday_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
)

// upload posts a file as the import form does, with the client's cookies.
func upload(t *testing.T, env *authtest.Env, c *authtest.Client, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile("file", "2027.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(part, body)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "/admin/calendar/import", &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.RemoteAddr = c.IP + ":40000"
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	return rec
}

func TestCalendarPages(t *testing.T) {
	env := authtest.New(t) // the clock says 2026-05-06: 2026 is entered, 2027 is not
	admin, office := env.Client("10.0.0.1"), env.Client("10.0.0.2")
	admin.MustLogin("admin")
	office.MustLogin("ducha")

	page := admin.Get("/admin/calendar")
	if page.Code != http.StatusOK || !strings.Contains(page.Body, "2027年节假日安排尚未录入，暂按周一至周五计算") ||
		strings.Contains(page.Body, "2026年节假日安排尚未录入") || !strings.Contains(page.Body, "国庆节") {
		t.Fatalf("calendar page: %d, want 200 with 2026's days and the 2027 warning", page.Code)
	}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		path string
		form url.Values
		want int
	}{
		{"OfficeCannotSee", office, "/admin/calendar", nil, http.StatusForbidden},
		{"OfficeCannotEdit", office, "/admin/calendar/days", url.Values{"date": {"2027-01-01"}, "kind": {"off"}, "name": {"元旦"}}, http.StatusForbidden},
		{"BadDateBesideField", admin, "/admin/calendar/days", url.Values{"date": {"2027-02-30"}, "kind": {"off"}, "name": {"x"}}, http.StatusUnprocessableEntity},
		{"HTMLNameSaved", admin, "/admin/calendar/days", url.Values{"date": {"2027-01-01"}, "kind": {"off"}, "name": {"<b>元旦</b>"}}, http.StatusSeeOther},
		{"DeleteUnlistedNotFound", admin, "/admin/calendar/days/2027-01-02/delete", url.Values{}, http.StatusNotFound},
		{"DeleteMalformedNotFound", admin, "/admin/calendar/days/abc/delete", url.Values{}, http.StatusNotFound},
		{"DeleteListed", admin, "/admin/calendar/days/2026-10-07/delete", url.Values{}, http.StatusSeeOther},
		{"TemplateDownload", admin, "/admin/calendar/template.xlsx", nil, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *authtest.Response
			if tc.form == nil {
				r = tc.c.Get(tc.path)
			} else {
				r = tc.c.Post(tc.path, tc.form)
			}
			if r.Code != tc.want {
				t.Fatalf("status %d, want %d", r.Code, tc.want)
			}
			if tc.name == "BadDateBesideField" && !strings.Contains(r.Body, `<p class="field-error">日期格式不正确`) {
				t.Fatal("no message beside the date field")
			}
		})
	}
	if r := admin.Get("/admin/calendar?year=2027"); !strings.Contains(r.Body, "&lt;b&gt;元旦&lt;/b&gt;") {
		t.Fatal("the saved name is not shown escaped")
	}

	tmpl := admin.Get("/admin/calendar/template.xlsx")
	if r := upload(t, env, admin, strings.NewReader(tmpl.Body)); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "已导入2027年的节假日安排，共2天") {
		t.Fatalf("import of the template: %d", r.Code)
	}
	bad := workbook(t, [][]any{header, {"2028-01-01", "休", "元旦"}, {"2028-01-05", "班", "调休"}, {time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC), "休", "元旦"}})
	if r := upload(t, env, admin, bad); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "文件有2处错误") ||
		!strings.Contains(r.Body.String(), "调休上班日只能是周六或周日") {
		t.Fatalf("import of bad rows: %d, want 422 listing both errors", r.Code)
	}
	if r := upload(t, env, admin, strings.NewReader("not a workbook")); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body.String(), "无法读取该文件") {
		t.Fatalf("import of a non-workbook: %d, want 422", r.Code)
	}
}
