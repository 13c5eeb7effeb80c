package bulletin_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// campaignPath is the demo campaign's library.
func campaignPath(t *testing.T, env *authtest.Env) string {
	t.Helper()
	var id int64
	if err := env.App.DB.QueryRow(context.Background(), `SELECT MIN(id) FROM campaigns`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return "/campaigns/" + strconv.FormatInt(id, 10) + "/library"
}

func TestLibraryVersionsAndRights(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		ducha, jiaoyu, qingshi, leader := login(env, "ducha", "10.3.0.1"), login(env, "jiaoyu", "10.3.0.2"),
			login(env, "qingshi", "10.3.0.3"), login(env, "leader", "10.3.0.4")
		lib := campaignPath(t, env)
		up := func(c *authtest.Client, cat, title, name, content string) (int, string) {
			rec := postMultipart(t, env, c, lib+"/upload", field("category", cat), field("title", title), field("note", ""),
				file(name, []byte(content)))
			return rec.Code, rec.Header().Get("Location")
		}
		var doc string
		t.Run("UnitUploadsToExchange", func(t *testing.T) {
			code, loc := up(jiaoyu, "exchange", "教育局调研经验", "经验.txt", "第一版：走访学校三所。\n")
			if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/library/") {
				t.Fatalf("upload = %d %q", code, loc)
			}
			doc = loc
		})
		t.Run("UnitMayNotFileAPolicy", func(t *testing.T) {
			before := count(t, env, `SELECT COUNT(*) FROM library_docs`)
			if code, _ := up(jiaoyu, "policy", "冒充政策", "p.txt", "x\n"); code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", code)
			}
			if count(t, env, `SELECT COUNT(*) FROM library_docs`) != before {
				t.Fatal("a refused upload added a document")
			}
		})
		t.Run("OfficeFilesAPolicy", func(t *testing.T) {
			if code, _ := up(ducha, "policy", "政策汇编", "政策.pdf", string(samplePDF)); code != http.StatusSeeOther {
				t.Fatalf("status %d", code)
			}
		})
		t.Run("LeaderReadsButMayNotUpload", func(t *testing.T) {
			if r := leader.Get(lib); r.Code != http.StatusOK || !strings.Contains(r.Body, "政策汇编") {
				t.Fatalf("leader read = %d", r.Code)
			}
			if code, _ := up(leader, "policy", "x", "x.txt", "x\n"); code != http.StatusForbidden {
				t.Fatalf("leader upload = %d, want 403", code)
			}
		})
		t.Run("NewVersionKeepsTheOld", func(t *testing.T) {
			rec := postMultipart(t, env, jiaoyu, doc+"/versions", field("note", "补充第二所学校"), file("经验v2.txt", []byte("第二版\n")))
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("version = %d: %s", rec.Code, rec.Body.String())
			}
			page := jiaoyu.Get(doc).Body
			if !strings.Contains(page, "v2") || !strings.Contains(page, "v1") || !strings.Contains(page, "补充第二所学校") {
				t.Fatalf("history missing: %s", page)
			}
			for seq, want := range map[string]string{"1": "第一版：走访学校三所。\n", "2": "第二版\n"} {
				if r := qingshi.Get(doc + "/versions/" + seq + "/f.txt"); r.Code != http.StatusOK || r.Body != want {
					t.Fatalf("version %s = %d %q", seq, r.Code, r.Body)
				}
			}
			if r := qingshi.Get(doc + "/versions/3/f.txt"); r.Code != http.StatusNotFound {
				t.Fatalf("version 3 = %d, want 404", r.Code)
			}
		})
		t.Run("OtherUnitMayNotVersion", func(t *testing.T) {
			rec := postMultipart(t, env, qingshi, doc+"/versions", file("x.txt", []byte("x\n")))
			if rec.Code != http.StatusForbidden {
				t.Fatalf("status %d, want 403", rec.Code)
			}
		})
		t.Run("OfficeVersionsAnyDocument", func(t *testing.T) {
			rec := postMultipart(t, env, ducha, doc+"/versions", field("note", "督查室校订"), file("经验v3.txt", []byte("第三版\n")))
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("status %d", rec.Code)
			}
		})
		t.Run("BadInputRefused", func(t *testing.T) {
			for name, parts := range map[string][]part{
				"NoFile":     {field("note", "x")},
				"LongNote":   {field("note", strings.Repeat("长", 600)), file("x.txt", []byte("x\n"))},
				"HTMLFile":   {file("x.html", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"))},
				"Mismatched": {file("x.pdf", []byte("plain text\n"))},
			} {
				if rec := postMultipart(t, env, ducha, doc+"/versions", parts...); rec.Code != http.StatusUnprocessableEntity {
					t.Fatalf("%s: status %d, want 422", name, rec.Code)
				}
			}
			if n := count(t, env, `SELECT versions FROM library_docs WHERE id = ?`, strings.TrimPrefix(doc, "/library/")); n != 3 {
				t.Fatalf("versions %d after refusals, want 3", n)
			}
		})
		t.Run("MissingThingsAre404", func(t *testing.T) {
			for _, path := range []string{"/campaigns/999999/library", "/library/999999", "/library/abc", "/library/1/versions/x/y"} {
				if r := ducha.Get(path); r.Code != http.StatusNotFound {
					t.Fatalf("GET %s = %d, want 404", path, r.Code)
				}
			}
		})
	})
}

func TestDemoNoticesAndLibrary(t *testing.T) {
	env := authtest.New(t)
	ducha, qingshi := login(env, "ducha", "10.4.0.1"), login(env, "qingshi", "10.4.0.2")
	list := ducha.Get("/bulletins").Body
	for _, want := range []string{"关于报送专项活动第二阶段工作小结的通知", "2 / 4", "/library"} {
		if !strings.Contains(list, want) {
			t.Fatalf("the office's list lacks %q", want)
		}
	}
	if !strings.Contains(qingshi.Get("/bulletins").Body, "待确认") {
		t.Fatal("qingshi does not see the notice waiting for 青石镇's receipt")
	}
	page := ducha.Get(campaignPath(t, env)).Body
	if !strings.Contains(page, "专项活动工作方案") || !strings.Contains(page, "v2") {
		t.Fatal("the demo library lacks the plan in two versions")
	}
	var doc int64
	env.App.DB.QueryRow(t.Context(), `SELECT id FROM library_docs WHERE versions = 2`).Scan(&doc)
	r := qingshi.Get("/library/" + strconv.FormatInt(doc, 10) + "/versions/1/a.txt")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "征求意见稿") {
		t.Fatalf("the demo's first version = %d %q", r.Code, r.Body)
	}
}
