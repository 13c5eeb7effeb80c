package task_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/files"
)

// upload posts data as the multipart field "file" named name.
func upload(t *testing.T, env *authtest.Env, c *authtest.Client, path, name string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.RemoteAddr = c.IP + ":40000"
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	env.App.Handler.ServeHTTP(rec, req)
	return rec
}

// attachSamples are small real files of the accepted kinds.
func attachSamples(t *testing.T) (pdf, pngData, docx []byte) {
	t.Helper()
	pdf = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	var d bytes.Buffer
	z := zip.NewWriter(&d)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := z.Create(n)
		w.Write([]byte("<x/>"))
	}
	z.Close()
	return pdf, b.Bytes(), d.Bytes()
}

// stored counts the files rows and the blobs (and stray temporary files) on disk.
func stored(t *testing.T, env *authtest.Env) (rows, onDisk int) {
	t.Helper()
	if err := env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM files`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(env.App.Config.KeyFile), "files")
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			onDisk++
		}
		return nil
	})
	return rows, onDisk
}

func TestAttachmentUploads(t *testing.T) {
	env := authtest.New(t)
	id := reportTask(t, env)
	jiaoyu, qingshi, ducha := env.Client("10.0.0.1"), env.Client("10.0.0.2"), env.Client("10.0.0.3")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	ducha.MustLogin("ducha")
	pdf, pngData, docx := attachSamples(t)
	taskPath := "/tasks/" + id + "/attachments"

	for _, tc := range []struct {
		name     string
		c        *authtest.Client
		file     string
		data     []byte
		want     int
		wantMsg  string
		addsRows int
		addsBlob int
	}{
		{"PDFAccepted", jiaoyu, "学校布局方案.pdf", pdf, http.StatusSeeOther, "", 1, 1},
		{"IdenticalStoredOnce", ducha, "方案副本.pdf", pdf, http.StatusSeeOther, "", 1, 0},
		{"PNGAccepted", jiaoyu, "现场.png", pngData, http.StatusSeeOther, "", 1, 1},
		{"DOCXAccepted", jiaoyu, "报告.docx", docx, http.StatusSeeOther, "", 1, 1},
		{"OversizeRefused", jiaoyu, "big.txt", bytes.Repeat([]byte("a"), int(files.DefaultLimit)+1),
			http.StatusUnprocessableEntity, `<p class="field-error" id="file-error">文件超过大小上限，未保存</p>`, 0, 0},
		{"ExeRenamedPDFRefused", jiaoyu, "invoice.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...),
			http.StatusUnprocessableEntity, "不支持此文件类型", 0, 0},
		{"HTMLRefused", jiaoyu, "page.html", []byte("<!DOCTYPE html><script>alert(1)</script>"), http.StatusUnprocessableEntity, "不支持此文件类型", 0, 0},
		{"EmptyRefused", jiaoyu, "a.txt", nil, http.StatusUnprocessableEntity, "文件是空的", 0, 0},
		{"TraversalWithoutExtensionRefused", jiaoyu, "../../etc/passwd", []byte("root:x:0:0\n"), http.StatusUnprocessableEntity, "扩展名与实际内容不符", 0, 0},
		{"TraversalNameKeptAsBaseName", jiaoyu, "../../etc/passwd.txt", []byte("root:x:0:0\n"), http.StatusSeeOther, "", 1, 1},
		{"OtherUnitNotFound", qingshi, "x.pdf", pdf, http.StatusNotFound, "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows0, disk0 := stored(t, env)
			r := upload(t, env, tc.c, taskPath, tc.file, tc.data)
			if r.Code != tc.want {
				t.Fatalf("status %d, want %d\n%s", r.Code, tc.want, r.Body.String())
			}
			if tc.wantMsg != "" && !strings.Contains(r.Body.String(), tc.wantMsg) {
				t.Fatalf("no message %q beside the field", tc.wantMsg)
			}
			rows, disk := stored(t, env)
			if rows-rows0 != tc.addsRows || disk-disk0 != tc.addsBlob {
				t.Fatalf("added %d rows and %d blobs, want %d and %d", rows-rows0, disk-disk0, tc.addsRows, tc.addsBlob)
			}
		})
	}
	if _, err := os.Stat("etc"); err == nil {
		t.Fatalf("a traversal name created ./etc")
	}
	page := jiaoyu.Get("/tasks/" + id)
	if page.Code != http.StatusOK || !strings.Contains(page.Body, "学校布局方案.pdf") || !strings.Contains(page.Body, ">passwd.txt</a>") {
		t.Fatalf("task page %d does not list the attachments", page.Code)
	}
	var audits int
	env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND action = 'attach'`).Scan(&audits)
	if audits != 5 {
		t.Fatalf("attach audit entries = %d, want 5", audits)
	}
}

func TestAttachmentDownload(t *testing.T) {
	env := authtest.New(t)
	id := reportTask(t, env)
	jiaoyu, qingshi, ducha := env.Client("10.0.0.1"), env.Client("10.0.0.2"), env.Client("10.0.0.3")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	ducha.MustLogin("ducha")
	pdf, _, _ := attachSamples(t)
	if r := upload(t, env, jiaoyu, "/tasks/"+id+"/attachments", "调研 方案\".pdf", pdf); r.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.Code)
	}
	var fid string
	if err := env.App.DB.QueryRow(context.Background(), `SELECT CAST(MAX(id) AS TEXT) FROM files`).Scan(&fid); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		path string
		want int
	}{
		{"LeadUnitDownloads", jiaoyu, "/files/" + fid + "/x.pdf", http.StatusOK},
		{"OfficeDownloads", ducha, "/files/" + fid + "/x.pdf", http.StatusOK},
		{"OtherUnitNotFound", qingshi, "/files/" + fid + "/x.pdf", http.StatusNotFound},
		{"UnknownNotFound", jiaoyu, "/files/999999/x.pdf", http.StatusNotFound},
		{"MalformedNotFound", jiaoyu, "/files/..%2F..%2Fetc/passwd", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Get(tc.path)
			if r.Code != tc.want {
				t.Fatalf("status %d, want %d", r.Code, tc.want)
			}
			if tc.want != http.StatusOK {
				return
			}
			h := r.Header()
			if r.Body != string(pdf) || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("Content-Disposition") != `attachment; filename="__ ___.pdf"; filename*=UTF-8''%E8%B0%83%E7%A0%94%20%E6%96%B9%E6%A1%88%22.pdf` {
				t.Fatalf("download headers %v", h)
			}
		})
	}
}

func TestReportAttachments(t *testing.T) {
	env := authtest.New(t)
	id := reportTask(t, env)
	jiaoyu, qingshi, ducha := env.Client("10.0.0.1"), env.Client("10.0.0.2"), env.Client("10.0.0.3")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	ducha.MustLogin("ducha")
	if r := jiaoyu.Post("/tasks/"+id+"/reports", reportForm("40")); r.Code != http.StatusSeeOther {
		t.Fatalf("submit report: %d", r.Code)
	}
	var rid string
	if err := env.App.DB.QueryRow(context.Background(), `SELECT CAST(MAX(id) AS TEXT) FROM task_reports WHERE task_id = ?`, id).Scan(&rid); err != nil {
		t.Fatal(err)
	}
	pdf, pngData, _ := attachSamples(t)
	path := "/reports/" + rid + "/attachments"
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		file string
		data []byte
		want int
	}{
		{"OtherUnitNotFound", qingshi, "a.png", pngData, http.StatusNotFound},
		{"OfficeForbidden", ducha, "a.png", pngData, http.StatusForbidden},
		{"ExeRefused", jiaoyu, "a.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x00\x00\x00\x00"), http.StatusUnprocessableEntity},
		{"UnknownReportNotFound", jiaoyu, "a.png", pngData, http.StatusNotFound},
		{"LeadUnitAttaches", jiaoyu, "现场照片.png", pngData, http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := path
			if tc.name == "UnknownReportNotFound" {
				p = "/reports/999999/attachments"
			}
			r := upload(t, env, tc.c, p, tc.file, tc.data)
			if r.Code != tc.want {
				t.Fatalf("status %d, want %d\n%s", r.Code, tc.want, r.Body.String())
			}
			if tc.want == http.StatusUnprocessableEntity && !strings.Contains(r.Body.String(), `id="file-error-`+rid+`">不支持此文件类型`) {
				t.Fatalf("no message beside the report's file field")
			}
		})
	}
	page := ducha.Get("/tasks/" + id + "/reports")
	if !strings.Contains(page.Body, "现场照片.png") {
		t.Fatalf("report list does not show the report's file")
	}
	if r := ducha.Post("/reports/"+rid+"/accept", map[string][]string{"version": {"1"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Code)
	}
	if r := upload(t, env, jiaoyu, path, "b.pdf", pdf); r.Code != http.StatusForbidden {
		t.Fatalf("attach to an accepted report: %d, want 403", r.Code)
	}
}
