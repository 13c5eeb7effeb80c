package bulletin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
)

// publish sends a notice from ducha's office to 教育局 and 青石镇 with a PDF
// attached and returns its page path.
func publish(t *testing.T, env *authtest.Env, ducha *authtest.Client) string {
	t.Helper()
	rec := postMultipart(t, env, ducha, "/bulletins/create",
		field("title", "关于报送调研成果的通知"), field("body", "请于周五前报送。<script>alert(1)</script>"),
		field("sender_unit", unitID(t, env, "区委督查室")), field("campaign", ""),
		field("units", unitID(t, env, "教育局")), field("units", unitID(t, env, "青石镇人民政府")),
		file("通知.pdf", samplePDF))
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/bulletins/") {
		t.Fatalf("publish: status %d, location %q, body %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	return rec.Header().Get("Location")
}

func TestNoticeScopeAndReceipts(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		ducha, jiaoyu, head := login(env, "ducha", "10.1.0.1"), login(env, "jiaoyu", "10.1.0.2"), login(env, "jiaoyu_head", "10.1.0.3")
		qingshi, fagai, leader := login(env, "qingshi", "10.1.0.4"), login(env, "fagai", "10.1.0.5"), login(env, "leader", "10.1.0.6")
		path := publish(t, env, ducha)
		id := strings.TrimPrefix(path, "/bulletins/")

		t.Run("RecipientsAndSenderSeeIt", func(t *testing.T) {
			for name, c := range map[string]*authtest.Client{"ducha": ducha, "jiaoyu": jiaoyu, "qingshi": qingshi} {
				r := c.Get(path)
				if r.Code != http.StatusOK || !strings.Contains(r.Body, "关于报送调研成果的通知") {
					t.Fatalf("%s: GET %s = %d", name, path, r.Code)
				}
				if strings.Contains(r.Body, "<script>alert(1)</script>") {
					t.Fatalf("%s: the body's HTML was not escaped", name)
				}
			}
		})
		t.Run("OtherUnitsGet404", func(t *testing.T) {
			for name, c := range map[string]*authtest.Client{"fagai": fagai, "leader": leader} {
				if r := c.Get(path); r.Code != http.StatusNotFound {
					t.Fatalf("%s: GET %s = %d, want 404", name, path, r.Code)
				}
				if r := c.Post(path+"/confirm", nil); r.Code != http.StatusNotFound {
					t.Fatalf("%s: confirm = %d, want 404", name, r.Code)
				}
				if strings.Contains(c.Get("/bulletins").Body, "关于报送调研成果的通知") {
					t.Fatalf("%s: the list shows another unit's notice", name)
				}
			}
		})
		t.Run("AttachmentDownloadsInScopeOnly", func(t *testing.T) {
			var fileID string
			env.App.DB.QueryRow(t.Context(), `SELECT CAST(file_id AS TEXT) FROM bulletin_attachments WHERE bulletin_id = ?`, id).Scan(&fileID)
			href := path + "/files/" + fileID + "/x.pdf"
			if r := jiaoyu.Get(href); r.Code != http.StatusOK || r.Body != string(samplePDF) ||
				!strings.HasPrefix(r.Header().Get("Content-Disposition"), "attachment") {
				t.Fatalf("jiaoyu download = %d %q", r.Code, r.Header().Get("Content-Disposition"))
			}
			if r := fagai.Get(href); r.Code != http.StatusNotFound {
				t.Fatalf("fagai download = %d, want 404", r.Code)
			}
		})
		t.Run("RecipientsNotifiedAndUnreadFirst", func(t *testing.T) {
			if n := count(t, env, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'bulletin.new' AND link = ?`,
				env.UserID("jiaoyu"), path); n != 1 {
				t.Fatalf("jiaoyu has %d notifications of the notice, want 1", n)
			}
			body := jiaoyu.Get("/bulletins").Body
			if i, j := strings.Index(body, "关于报送调研成果的通知"), strings.Index(body, "关于做好新划入镇乡学校秋季招生衔接工作的通知"); i < 0 || j < 0 || i > j {
				t.Fatalf("the unconfirmed notice is not listed before the confirmed one (%d, %d)", i, j)
			}
		})
		t.Run("OneReceiptPerUnit", func(t *testing.T) {
			if r := jiaoyu.Post(path+"/confirm", nil); r.Code != http.StatusSeeOther {
				t.Fatalf("confirm = %d", r.Code)
			}
			env.Clock.Advance(time.Minute)
			if r := head.Post(path+"/confirm", nil); r.Code != http.StatusSeeOther {
				t.Fatalf("second confirm of the same unit = %d, want 303 (no change)", r.Code)
			}
			var by int64
			env.App.DB.QueryRow(t.Context(), `SELECT confirmed_by FROM bulletin_recipients WHERE bulletin_id = ? AND unit_id = ?`,
				id, unitID(t, env, "教育局")).Scan(&by)
			if by != env.UserID("jiaoyu") {
				t.Fatalf("receipt by user %d, want jiaoyu (the first to confirm)", by)
			}
			r := ducha.Get(path)
			if !strings.Contains(r.Body, "1 / 2") || !strings.Contains(r.Body, "孙教") {
				t.Fatalf("the sender does not see who confirmed: %s", r.Body)
			}
		})
		t.Run("SenderRemindsTheRest", func(t *testing.T) {
			if r := jiaoyu.Post(path+"/remind", nil); r.Code != http.StatusForbidden {
				t.Fatalf("a recipient reminding = %d, want 403", r.Code)
			}
			if r := ducha.Post(path+"/remind", nil); r.Code != http.StatusSeeOther {
				t.Fatalf("remind = %d", r.Code)
			}
			if n := count(t, env, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'bulletin.remind'`, env.UserID("qingshi")); n != 1 {
				t.Fatalf("qingshi got %d reminders, want 1", n)
			}
			if n := count(t, env, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'bulletin.remind'`, env.UserID("jiaoyu")); n != 0 {
				t.Fatalf("the unit that confirmed got %d reminders", n)
			}
			if r := ducha.Post(path+"/remind", nil); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "一小时内已催过") {
				t.Fatalf("a second reminder at once = %d, want 422 with the reason", r.Code)
			}
			env.Clock.Advance(2 * time.Hour)
			ducha := login(env, "ducha", "10.1.0.1") // the session has timed out meanwhile
			if r := ducha.Post(path+"/remind", nil); r.Code != http.StatusSeeOther || r.Location() != path+"#receipts" {
				t.Fatalf("remind two hours later = %d %q", r.Code, r.Location())
			}
			if n := count(t, env, `SELECT reminders FROM bulletin_recipients WHERE bulletin_id = ? AND unit_id = ?`,
				id, unitID(t, env, "青石镇人民政府")); n != 2 {
				t.Fatalf("reminders counted %d, want 2", n)
			}
		})
		t.Run("AuditedInTheSameTransaction", func(t *testing.T) {
			for _, action := range []string{"publish", "confirm", "remind"} {
				if n := count(t, env, `SELECT COUNT(*) FROM audit_log WHERE entity = 'bulletin' AND entity_id = ? AND action = ?`, id, action); n == 0 {
					t.Fatalf("no audit entry for %s", action)
				}
			}
		})
	})
}
