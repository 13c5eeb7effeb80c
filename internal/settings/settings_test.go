package settings_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestWatermarkSetting(t *testing.T) {
	env := authtest.New(t)
	office := env.Client("10.0.4.1")
	office.MustLogin("ducha")
	if strings.Contains(office.Get("/").Body, `class="watermark"`) {
		t.Fatal("watermark shown before it was turned on")
	}
	if r := office.Post("/admin/settings", url.Values{"watermark": {"1"}}); r.Code != http.StatusForbidden {
		t.Fatalf("office POST /admin/settings = %d, want 403", r.Code)
	}
	admin := env.Client("10.0.4.2")
	admin.MustLogin("admin")
	if r := admin.Post("/admin/settings", url.Values{"watermark": {"1"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("admin POST /admin/settings = %d, want 303", r.Code)
	}
	home := office.Get("/").Body
	if !strings.Contains(home, `class="watermark"`) || !strings.Contains(home, "陈督 ducha") {
		t.Fatal("watermark with the viewer's name not shown after it was turned on")
	}
	var n int
	env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'setting' AND entity_id = 'ui.watermark'`).Scan(&n)
	if n != 1 {
		t.Fatalf("audit entries for the setting = %d, want 1", n)
	}
	admin.Post("/admin/settings", url.Values{})
	if strings.Contains(office.Get("/").Body, `class="watermark"`) {
		t.Fatal("watermark still shown after it was turned off")
	}
}
