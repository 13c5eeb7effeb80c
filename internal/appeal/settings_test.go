package appeal_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestSettingsPages: the office edits categories, limits and rules; bad
// input is refused with its message; a unit may not open the page.
func TestSettingsPages(t *testing.T) {
	e := newPageEnv(t)
	ducha := e.Client("10.0.0.1")
	ducha.MustLogin("ducha")
	ctx := context.Background()
	db := e.App.DB
	var edu int64
	if err := db.QueryRow(ctx, `SELECT id FROM appeal_categories WHERE name = '教育'`).Scan(&edu); err != nil {
		t.Fatal(err)
	}
	if r := ducha.Get("/appeals/settings"); r.Code != http.StatusOK || !strings.Contains(r.Body, "自动派单规则") {
		t.Fatalf("settings page: %d", r.Code)
	}
	for _, c := range []struct {
		name, path string
		form       url.Values
		code       int
		want       string
	}{
		{"CategoryNameTaken", "/appeals/settings/category", url.Values{"name": {"教育"}, "class": {"complaint"}, "seq": {"1"}},
			http.StatusUnprocessableEntity, "已有同名类别"},
		{"CategoryEmptyName", "/appeals/settings/category", url.Values{"name": {""}, "class": {"complaint"}, "seq": {"1"}},
			http.StatusUnprocessableEntity, "名称须为"},
		{"CategoryScriptName", "/appeals/settings/category", url.Values{"name": {"<script>x</script>"}, "class": {"bogus"}, "seq": {"1"}},
			http.StatusUnprocessableEntity, "时限类别不正确"},
		{"CategoryAdded", "/appeals/settings/category", url.Values{"name": {"养老"}, "name_en": {"Elderly care"}, "class": {"enquiry"},
			"seq": {"10"}, "active": {"1"}}, http.StatusSeeOther, ""},
		{"LimitBad", "/appeals/settings/limit", url.Values{"kind": {"complaint"}, "amount": {"9999"}, "unit": {"workdays"}},
			http.StatusUnprocessableEntity, "时限须为"},
		{"LimitUnknownKind", "/appeals/settings/limit", url.Values{"kind": {"forever"}, "amount": {"3"}, "unit": {"workdays"}},
			http.StatusUnprocessableEntity, "时限项目不正确"},
		{"LimitSaved", "/appeals/settings/limit", url.Values{"kind": {"complaint"}, "category": {strconv.FormatInt(edu, 10)},
			"amount": {"10"}, "unit": {"workdays"}}, http.StatusSeeOther, ""},
		{"RuleEmpty", "/appeals/settings/rule", url.Values{"unit": {strconv.FormatInt(e.unitID("教育局"), 10)}},
			http.StatusUnprocessableEntity, "规则须指定"},
		{"RuleAdded", "/appeals/settings/rule", url.Values{"category": {strconv.FormatInt(edu, 10)},
			"unit": {strconv.FormatInt(e.unitID("教育局"), 10)}}, http.StatusSeeOther, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ducha.Post(c.path, c.form)
			if r.Code != c.code || !strings.Contains(r.Body, c.want) {
				t.Fatalf("%d, want %d with %q", r.Code, c.code, c.want)
			}
		})
	}
	var n int
	db.QueryRow(ctx, `SELECT COUNT(*) FROM appeal_categories WHERE name = '养老' AND class = 'enquiry'`).Scan(&n)
	if n != 1 {
		t.Fatal("category not added")
	}
	db.QueryRow(ctx, `SELECT COUNT(*) FROM appeal_limits WHERE kind = 'complaint' AND category_id = ? AND amount = 10`, edu).Scan(&n)
	if n != 1 {
		t.Fatal("limit not saved")
	}
	// The new rule dispatches the next 教育 appeal on receipt.
	id, _ := e.submit()
	var state string
	db.QueryRow(ctx, `SELECT state FROM appeals WHERE id = ?`, id).Scan(&state)
	if state != "dispatched" {
		t.Fatalf("rule did not dispatch: %s", state)
	}
	jiaoyu := e.Client("10.0.0.2")
	jiaoyu.MustLogin("jiaoyu")
	if r := jiaoyu.Get("/appeals/settings"); r.Code != http.StatusForbidden {
		t.Fatalf("unit opens settings: %d", r.Code)
	}
}
