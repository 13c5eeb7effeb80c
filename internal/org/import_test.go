package org_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/org"
)

// workbook builds an xlsx with the given sheets (name → rows, header first).
func workbook(t *testing.T, sheets map[string][][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for name, rows := range sheets {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				f.SetCellStr(name, cell, v)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var (
	unitHeader = []string{"名称", "简称", "类型", "上级单位", "行政区划代码"}
	userHeader = []string{"用户名", "姓名", "单位", "职务", "手机", "角色", "兼职单位"}
)

// upload posts file as the import form with the client's cookies.
func upload(t *testing.T, env *authtest.Env, c *authtest.Client, file []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "import.xlsx")
	fw.Write(file)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.RemoteAddr = c.IP + ":40000"
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	return rec
}

func count(t *testing.T, env *authtest.Env, table string) int {
	t.Helper()
	var n int
	if err := env.App.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImport(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.2.1")
	c.MustLogin("admin")
	units0, users0 := count(t, env, "units"), count(t, env, "users")
	unchanged := func(t *testing.T) {
		t.Helper()
		if count(t, env, "units") != units0 || count(t, env, "users") != users0 {
			t.Fatalf("a refused import changed the data")
		}
	}

	t.Run("TemplateHasBothSheets", func(t *testing.T) {
		r := c.Get("/admin/import/template.xlsx")
		if r.Code != http.StatusOK {
			t.Fatalf("template = %d", r.Code)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, sh := range []string{org.SheetUnits, org.SheetUsers} {
			rows, err := f.GetRows(sh)
			if err != nil || len(rows) != 2 {
				t.Fatalf("sheet %s rows = %v (%v), want header and example", sh, rows, err)
			}
		}
	})

	t.Run("EveryBadRowReportedNothingImported", func(t *testing.T) {
		file := workbook(t, map[string][][]string{
			org.SheetUnits: {unitHeader,
				{"新建局", "", "区直单位", "", ""},
				{"", "", "区直单位", "", ""},
				{"教育局", "", "区直单位", "", ""},
				{"某站", "", "火星站", "", "99"},
			},
			org.SheetUsers: {userHeader,
				{"xin.ren", "新人", "新建局", "科员", "13900001111", "联络员", ""},
				{"bad user", "坏人", "不存在的局", "", "12345", "系统管理员", ""},
				{"ok.user", strings.Repeat("长", 1<<20), "教育局", "", "", "", ""},
			},
		})
		rec := upload(t, env, c, file)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status = %d", rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{"已有同名单位", "此项必填", "请选择单位类型", "没有这个现行区划代码", "单位不存在",
			"请输入有效的手机号", "系统管理员只能授予业务角色", "内容过长", "<td data-label=\"行号\">3</td>", "<td data-label=\"行号\">5</td>"} {
			if !strings.Contains(body, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		if strings.Contains(body, "<td data-label=\"行号\">2</td>") && strings.Count(body, "<td data-label=\"工作表\">用户</td>") > 4 {
			t.Errorf("good rows reported as bad")
		}
		unchanged(t)
	})

	t.Run("EnglishReport", func(t *testing.T) {
		ce := env.Client("10.0.2.2")
		ce.MustLogin("admin")
		ce.Post("/lang", map[string][]string{"lang": {"en"}, "back": {"/"}})
		file := workbook(t, map[string][][]string{org.SheetUnits: {unitHeader, {"", "", "x", "", ""}}, org.SheetUsers: {userHeader}})
		body := upload(t, env, ce, file).Body.String()
		if !strings.Contains(body, "Choose a unit type") || !strings.Contains(body, "nothing was imported") {
			t.Errorf("English report missing")
		}
		ce.Post("/lang", map[string][]string{"lang": {"zh-CN"}, "back": {"/"}})
		unchanged(t)
	})

	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"NotAnXlsx", []byte("name,kind\n教育局,department\n"), "无法读取该文件"},
		{"CorruptZip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff}, 300)...), "无法读取该文件"},
		{"ZipWithoutWorkbook", zipOf(t, "hello.txt", "hi"), "无法读取该文件"},
		{"MissingSheet", workbook(t, map[string][][]string{org.SheetUnits: {unitHeader, {"甲局", "", "区直单位", "", ""}}}), "缺少工作表“用户”"},
		{"EmptySheets", workbook(t, map[string][][]string{org.SheetUnits: {unitHeader}, org.SheetUsers: {userHeader}}), "没有数据行"},
		{"Empty", nil, "无法读取该文件"},
		{"TooBig", bytes.Repeat([]byte("x"), 6<<20), "文件太大"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := upload(t, env, c, tc.file)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("status %d, body lacks %q", rec.Code, tc.want)
			}
			unchanged(t)
		})
	}

	t.Run("GoodFileImportsUnitsThenUsers", func(t *testing.T) {
		file := workbook(t, map[string][][]string{
			org.SheetUnits: {unitHeader,
				{"应急管理局", "应急局", "区直单位", "", ""},
				{"应急管理局办公室", "", "department", "应急管理局", ""},
				{"青石镇综合服务中心", "", "镇政府", "青石镇人民政府", "350302100000"},
			},
			org.SheetUsers: {userHeader,
				{"ying.ji", "应急", "应急管理局", "联络员", "13900002222", "联络员、单位负责人", "教育局"},
				{"zhong.xin", "中心", "青石镇综合服务中心", "", "0591-1234567", "liaison", ""},
			},
		})
		rec := upload(t, env, c, file)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "导入完成：3 个单位，2 个用户") {
			t.Fatalf("status %d: %s", rec.Code, body)
		}
		if !strings.Contains(body, "ying.ji") || !strings.Contains(body, "one-time-password") && !strings.Contains(body, "一次性密码") {
			t.Errorf("result does not list the one-time passwords")
		}
		if count(t, env, "units") != units0+3 || count(t, env, "users") != users0+2 {
			t.Fatalf("counts after import wrong")
		}
		var roles int
		env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'ying.ji'`).Scan(&roles)
		if roles != 2 {
			t.Fatalf("roles = %d, want 2", roles)
		}
	})
}

func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte(content))
	zw.Close()
	return buf.Bytes()
}
