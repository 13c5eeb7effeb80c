package bulletin_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"tongchou/internal/auth/authtest"
)

// part is one multipart field: a file when name is set.
type part struct{ field, value, name string }

// file is a multipart file part.
func file(name string, data []byte) part { return part{field: "file", value: string(data), name: name} }

// field is a multipart text field.
func field(name, value string) part { return part{field: name, value: value} }

// postMultipart sends parts in order, as a browser sends the form.
func postMultipart(t *testing.T, env *authtest.Env, c *authtest.Client, path string, parts ...part) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.name != "" {
			w, err := mw.CreateFormFile(p.field, p.name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(p.value))
			continue
		}
		mw.WriteField(p.field, p.value)
	}
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

// samplePDF is a small real PDF.
var samplePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// unitID returns the id of the unit named name, as a form value.
func unitID(t *testing.T, env *authtest.Env, name string) string {
	t.Helper()
	var id int64
	if err := env.App.DB.QueryRow(context.Background(), `SELECT id FROM units WHERE name = ?`, name).Scan(&id); err != nil {
		t.Fatalf("unit %s: %v", name, err)
	}
	return strconv.FormatInt(id, 10)
}

// count runs a COUNT query.
func count(t *testing.T, env *authtest.Env, q string, args ...any) int {
	t.Helper()
	var n int
	if err := env.App.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", q, err)
	}
	return n
}

// login returns a signed-in client for username.
func login(env *authtest.Env, username string, ip string) *authtest.Client {
	c := env.Client(ip)
	c.MustLogin(username)
	return c
}
