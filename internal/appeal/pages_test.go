package appeal_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/appeal"
	"tongchou/internal/auth/authtest"
)

// pageEnv is the whole app with the demo and a store on the same database.
type pageEnv struct {
	*authtest.Env
	s *appeal.Store
}

func newPageEnv(t *testing.T) pageEnv {
	env := authtest.New(t)
	return pageEnv{Env: env, s: appeal.New(env.App.DB, env.App.Audit, env.App.Suite, nil, env.Clock.Now)}
}

func (e pageEnv) unitID(name string) int64 {
	var id int64
	if err := e.App.DB.QueryRow(context.Background(), `SELECT id FROM units WHERE name = ?`, name).Scan(&id); err != nil {
		e.T.Fatal(err)
	}
	return id
}

// submit files a citizen's appeal about schools in 青石村 and returns its id.
func (e pageEnv) submit() (int64, string) {
	ctx := context.Background()
	var cat, village int64
	db := e.App.DB
	if err := db.QueryRow(ctx, `SELECT id FROM appeal_categories WHERE name = '教育'`).Scan(&cat); err != nil {
		e.T.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT id FROM regions WHERE name = '青石村'`).Scan(&village); err != nil {
		e.T.Fatal(err)
	}
	code, err := e.s.Submit(ctx, appeal.Intake{CategoryID: cat, RegionID: village, Description: "校车停运 <b>急</b>",
		Name: "李四光", Phone: "13987654321"})
	if err != nil {
		e.T.Fatal(err)
	}
	var id int64
	if err := db.QueryRow(ctx, `SELECT id FROM appeals WHERE code = ?`, code).Scan(&id); err != nil {
		e.T.Fatal(err)
	}
	return id, code
}

func (e pageEnv) version(id int64) string {
	var v int
	if err := e.App.DB.QueryRow(context.Background(), `SELECT version FROM appeals WHERE id = ?`, id).Scan(&v); err != nil {
		e.T.Fatal(err)
	}
	return strconv.Itoa(v)
}

// TestStaffFlowThroughPages: the office dispatches, the unit signs and
// answers, the office approves; masks everywhere except the handler's
// audited reveal.
func TestStaffFlowThroughPages(t *testing.T) {
	e := newPageEnv(t)
	id, code := e.submit()
	path := "/appeals/" + strconv.FormatInt(id, 10)
	ducha := e.Client("10.0.0.1")
	ducha.MustLogin("ducha")
	jiaoyu := e.Client("10.0.0.2")
	jiaoyu.MustLogin("jiaoyu")

	r := ducha.Get(path)
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "139****4321") || strings.Contains(r.Body, "13987654321") ||
		strings.Contains(r.Body, "<b>急</b>") || !strings.Contains(r.Body, "&lt;b&gt;") {
		t.Fatalf("office view: %d", r.Code)
	}
	if r := jiaoyu.Get(path); r.Code != http.StatusNotFound {
		t.Fatalf("unit before dispatch: %d", r.Code)
	}
	post := func(c *authtest.Client, verb string, form url.Values) *authtest.Response {
		form.Set("version", e.version(id))
		return c.Post(path+"/"+verb, form)
	}
	if r := post(ducha, "dispatch", url.Values{"unit": {"999999"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "请选择有效的单位") {
		t.Fatalf("dispatch to unknown unit: %d", r.Code)
	}
	if r := post(ducha, "dispatch", url.Values{"unit": {strconv.FormatInt(e.unitID("教育局"), 10)}}); r.Code != http.StatusSeeOther {
		t.Fatalf("dispatch: %d", r.Code)
	}
	if r := post(jiaoyu, "sign", url.Values{}); r.Code != http.StatusSeeOther {
		t.Fatalf("sign: %d", r.Code)
	}
	if r := jiaoyu.Post(path+"/sign", url.Values{}); r.Code != http.StatusBadRequest {
		t.Fatalf("no version: %d", r.Code)
	}
	if r := post(jiaoyu, "answer", url.Values{"reason": {strings.Repeat("长", 2001)}, "solved": {"yes"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "不能超过 2000 字") {
		t.Fatalf("huge answer: %d", r.Code)
	}
	r = jiaoyu.Get(path)
	if !strings.Contains(r.Body, `id="appeal-reveal"`) || strings.Contains(r.Body, "13987654321") {
		t.Fatal("handler page: reveal button missing or number shown")
	}
	if strings.Contains(ducha.Get(path).Body, `id="appeal-reveal"`) {
		t.Fatal("office may reveal while the unit handles it")
	}
	r = jiaoyu.Post(path+"/reveal", url.Values{})
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "13987654321") || !strings.Contains(r.Body, "李四光") {
		t.Fatalf("reveal: %d", r.Code)
	}
	if r := ducha.Post(path+"/reveal", url.Values{}); r.Code != http.StatusForbidden {
		t.Fatalf("office reveal while handling: %d", r.Code)
	}
	var audits int
	if err := e.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'reveal_contact'
		AND after_value NOT LIKE '%13987654321%' AND after_value NOT LIKE '%李四光%'`).Scan(&audits); err != nil || audits != 1 {
		t.Fatalf("reveal audit entries %d %v", audits, err)
	}
	if r := post(jiaoyu, "answer", url.Values{"reason": {"已恢复校车"}, "solved": {"yes"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("answer: %d", r.Code)
	}
	if r := post(ducha, "approve", url.Values{}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Code)
	}
	p, err := e.s.Track(context.Background(), code)
	if err != nil || p.State != appeal.StateRating || p.Answer != "已恢复校车" {
		t.Fatalf("tracker %+v %v", p, err)
	}
	if !strings.Contains(ducha.Get(path).Body, `id="appeal-reveal"`) {
		t.Fatal("office cannot reveal for the call-back")
	}
	if r := post(ducha, "callback", url.Values{"rating": {"unsatisfied"}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unsatisfied without reason: %d", r.Code)
	}
	if r := post(ducha, "callback", url.Values{"rating": {"satisfied"}, "reason": {"电话回访，满意"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("callback: %d", r.Code)
	}
	r = ducha.Get(path)
	for _, want := range []string{"评价：满意", "签收", "已办结", "孙教"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("timeline lacks %q", want)
		}
	}
}

// TestListScopeFiltersAndExport: units see only their appeals; the filters
// and pages work; the export holds masks only.
func TestListScopeFiltersAndExport(t *testing.T) {
	e := newPageEnv(t)
	ducha := e.Client("10.0.0.1")
	ducha.MustLogin("ducha")
	jiaoyu := e.Client("10.0.0.2")
	jiaoyu.MustLogin("jiaoyu")
	ctx := context.Background()
	var total, edu, zhujianID int
	db := e.App.DB
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM appeals`).Scan(&total); err != nil || total < 250 {
		t.Fatalf("demo appeals %d %v", total, err)
	}
	if err := db.QueryRow(ctx, `SELECT COUNT(DISTINCT a.id) FROM appeals a LEFT JOIN appeal_dispatches d ON d.appeal_id = a.id
		WHERE a.unit_id = ? OR d.unit_id = ?`, e.unitID("教育局"), e.unitID("教育局")).Scan(&edu); err != nil || edu == 0 {
		t.Fatalf("education appeals %d %v", edu, err)
	}
	if err := db.QueryRow(ctx, `SELECT MIN(id) FROM appeals WHERE unit_id = ?`, e.unitID("住房和城乡建设局")).Scan(&zhujianID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		client *authtest.Client
		path   string
		want   string
	}{
		{"OfficeSeesAll", ducha, "/appeals", "共 " + strconv.Itoa(total) + " 件"},
		{"UnitSeesOwn", jiaoyu, "/appeals", "共 " + strconv.Itoa(edu) + " 件"},
		{"StateFilter", ducha, "/appeals?state=closed", "已办结"},
		{"SecondPage", ducha, "/appeals?page=2", "第 2 / "},
		{"MalformedFiltersIgnored", ducha, "/appeals?state=<x>&unit=abc&page=-4", "共 " + strconv.Itoa(total) + " 件"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.client.Get(c.path)
			if r.Code != http.StatusOK || !strings.Contains(r.Body, c.want) {
				t.Fatalf("%d, want %q", r.Code, c.want)
			}
		})
	}
	t.Run("OverdueFilter", func(t *testing.T) {
		var overdue int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM appeals WHERE state IN ('received','dispatched','back','signed','answered')
			AND due_at < ?`, e.Clock.Now()).Scan(&overdue); err != nil || overdue == 0 {
			t.Fatalf("demo has %d overdue appeals (%v)", overdue, err)
		}
		if r := ducha.Get("/appeals?overdue=1"); !strings.Contains(r.Body, "共 "+strconv.Itoa(overdue)+" 件") {
			t.Fatalf("overdue count not %d", overdue)
		}
	})
	t.Run("OtherUnitsAppeal404", func(t *testing.T) {
		if r := jiaoyu.Get("/appeals/" + strconv.Itoa(zhujianID)); r.Code != http.StatusNotFound {
			t.Fatalf("%d", r.Code)
		}
	})
	t.Run("ExportMasked", func(t *testing.T) {
		r := ducha.Get("/appeals/export.xlsx")
		if r.Code != http.StatusOK {
			t.Fatalf("%d", r.Code)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) != total+1 {
			t.Fatalf("%d rows %v", len(rows), err)
		}
		masked := 0
		for _, row := range rows[1:] {
			for _, cell := range row {
				if len(cell) == 11 && strings.HasPrefix(cell, "139") && !strings.Contains(cell, "*") {
					t.Fatalf("clear phone %q in export", cell)
				}
				if strings.Contains(cell, "****") {
					masked++
				}
			}
		}
		if masked == 0 {
			t.Fatal("no masked phones in the export")
		}
	})
}

// TestRegisterForm: the office registers a phone call; bad input re-renders
// with the message and stores nothing; units may not register.
func TestRegisterForm(t *testing.T) {
	e := newPageEnv(t)
	ducha := e.Client("10.0.0.1")
	ducha.MustLogin("ducha")
	ctx := context.Background()
	var cat, village, before int64
	db := e.App.DB
	db.QueryRow(ctx, `SELECT id FROM appeal_categories WHERE name = '医疗'`).Scan(&cat)
	db.QueryRow(ctx, `SELECT id FROM regions WHERE name = '柳溪村'`).Scan(&village)
	db.QueryRow(ctx, `SELECT COUNT(*) FROM appeals`).Scan(&before)
	form := url.Values{"source": {"phone"}, "category": {strconv.FormatInt(cat, 10)}, "region": {strconv.FormatInt(village, 10)},
		"description": {"卫生室没有医生"}, "phone": {"call me"}}
	if r := ducha.Post("/appeals/new", form); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "请填写正确的手机号码") {
		t.Fatalf("bad phone: %d", r.Code)
	}
	form.Set("phone", "0591-87654321")
	form.Set("class", "urgent")
	r := ducha.Post("/appeals/new", form)
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/appeals/") {
		t.Fatalf("register: %d", r.Code)
	}
	var after int64
	db.QueryRow(ctx, `SELECT COUNT(*) FROM appeals`).Scan(&after)
	if after != before+1 {
		t.Fatalf("%d appeals added", after-before)
	}
	jiaoyu := e.Client("10.0.0.2")
	jiaoyu.MustLogin("jiaoyu")
	if r := jiaoyu.Post("/appeals/new", form); r.Code != http.StatusForbidden {
		t.Fatalf("unit registers: %d", r.Code)
	}
}
