package appealstat_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/appealstat"
	"tongchou/internal/auth/authtest"
	"tongchou/internal/store"
)

// jan25 is the test period, away from any demo data.
const jan25 = "from=2025-01-01&to=2025-01-31"

// seed writes, in January 2025, two appeals for 教育局 and one for 卫生健康局, each
// dispatched, signed in time, closed and rated (the first reopened and then satisfied).
func seed(t *testing.T, env *authtest.Env) (edu, health int64) {
	t.Helper()
	ctx := context.Background()
	db := env.App.DB
	one := func(q string, args ...any) int64 {
		var id int64
		if err := db.QueryRow(ctx, q, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	edu, health = one(`SELECT id FROM units WHERE name = '教育局'`), one(`SELECT id FROM units WHERE name = '卫生健康局'`)
	cat := one(`SELECT id FROM appeal_categories WHERE name = '教育'`)
	village := one(`SELECT r.id FROM regions r JOIN region_parents p ON p.region_id = r.id JOIN regions t ON t.id = p.parent_id
		WHERE t.name = '青石镇' ORDER BY r.id LIMIT 1`)
	at := time.Date(2025, 1, 10, 2, 0, 0, 0, time.UTC)
	for i, a := range []struct {
		code, text  string
		unit        int64
		first, last string
	}{
		{"RT0001", "学校门口路灯不亮，孩子放学不安全。", edu, "unsatisfied", "satisfied"},
		{"RT0002", "幼儿园学位不够，入学难。", edu, "basic", "basic"},
		{"RT0003", "卫生室缺医少药。", health, "unsatisfied", "unsatisfied"},
	} {
		received := at.Add(time.Duration(i) * time.Hour)
		var id int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO appeals (code, category_id, class, region_id, description, phone_hash, source, state,
				unit_id, received_at, due_at, closed_at, solved, reopened, rating_first, rating_final, created_at, updated_at)
				VALUES (?, ?, 'complaint', ?, ?, 'h-same', 'public', 'closed', ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?) RETURNING id`,
				a.code, cat, village, a.text, a.unit, received, received.Add(72*time.Hour), received.Add(48*time.Hour),
				map[bool]int{true: 1}[a.first == "unsatisfied"], a.first, a.last, received, received).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		env.Exec(`INSERT INTO appeal_dispatches (appeal_id, unit_id, dispatched_at, sign_due_at, signed_at) VALUES (?, ?, ?, ?, ?)`,
			id, a.unit, received, received.Add(24*time.Hour), received.Add(time.Hour))
	}
	return edu, health
}

func TestRatesPageByRole(t *testing.T) {
	env := authtest.New(t)
	edu, health := seed(t, env)
	for _, tc := range []struct {
		name, user string
		status     int
		see, hide  []string
	}{
		{"OfficeSeesEveryUnit", "ducha", http.StatusOK, []string{"教育局", "卫生健康局", "/appeals/rates/settings"}, nil},
		{"LeaderSeesEveryUnitButNoSettings", "leader", http.StatusOK, []string{"教育局", "卫生健康局"}, []string{"/appeals/rates/settings"}},
		{"UnitHeadSeesOwnUnitOnly", "jiaoyu_head", http.StatusOK, []string{"教育局"}, []string{"卫生健康局"}},
		{"LiaisonRefused", "jiaoyu", http.StatusForbidden, nil, nil},
		{"SysAdminRefused", "admin", http.StatusForbidden, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("10.1.0.1")
			c.MustLogin(tc.user)
			r := c.Get("/appeals/rates?" + jan25)
			if r.Code != tc.status {
				t.Fatalf("GET /appeals/rates as %s = %d, want %d", tc.user, r.Code, tc.status)
			}
			for _, s := range tc.see {
				if !strings.Contains(r.Body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tc.hide {
				if strings.Contains(r.Body, s) {
					t.Errorf("page shows %q", s)
				}
			}
		})
	}
	c := env.Client("10.1.0.2")
	c.MustLogin("ducha")
	body := c.Get("/appeals/rates?" + jan25).Body
	// 教育局: 2/2 in time, 2/2 solved, final 2/2 satisfied, first 1/2.
	if !strings.Contains(body, `data-unit="`+itoa(edu)+`"`) || !strings.Contains(body, "100.0%") || !strings.Contains(body, "50.0%") {
		t.Fatalf("rates of 教育局 not shown as expected:\n%s", body)
	}
	if !strings.Contains(body, "<svg") {
		t.Fatal("no chart on the rates page")
	}
	_ = health
}

func TestDrillDown(t *testing.T) {
	env := authtest.New(t)
	edu, health := seed(t, env)
	office := env.Client("10.1.1.1")
	office.MustLogin("ducha")
	head := env.Client("10.1.1.2")
	head.MustLogin("jiaoyu_head")
	for _, tc := range []struct {
		name   string
		c      *authtest.Client
		query  string
		status int
		see    []string
		hide   []string
	}{
		{"SatisfiedNumeratorListsBoth", office, "unit=" + itoa(edu) + "&figure=satisfaction-num&" + jan25, 200, []string{"RT0001", "RT0002", "重办"}, []string{"RT0003"}},
		{"ResponseDenominatorOfOwnUnit", head, "unit=" + itoa(edu) + "&figure=response-den&" + jan25, 200, []string{"RT0001", "RT0002"}, nil},
		{"OtherUnitIsNotFound", head, "unit=" + itoa(health) + "&figure=solve-den&" + jan25, 404, nil, []string{"RT0003"}},
		{"UnknownFigure", office, "unit=" + itoa(edu) + "&figure=x&" + jan25, 404, nil, nil},
		{"MalformedUnit", office, "unit=%27%20OR%201=1&figure=solve-den&" + jan25, 404, nil, nil},
		{"UnknownUnit", office, "unit=999999&figure=solve-den&" + jan25, 404, nil, nil},
		{"HugeParameters", office, "unit=" + strings.Repeat("9", 1<<20) + "&figure=solve-den&from=" + strings.Repeat("2", 1<<20), 404, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Get("/appeals/rates/drill?" + tc.query)
			if r.Code != tc.status {
				t.Fatalf("drill-down = %d, want %d", r.Code, tc.status)
			}
			for _, s := range tc.see {
				if !strings.Contains(r.Body, s) {
					t.Errorf("list lacks %q", s)
				}
			}
			for _, s := range tc.hide {
				if strings.Contains(r.Body, s) {
					t.Errorf("list shows %q", s)
				}
			}
		})
	}
}

func TestRatesBadPeriod(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.1.2.1")
	c.MustLogin("ducha")
	for _, tc := range []struct {
		name, query, want string
	}{
		{"Malformed", "from=2025-13-01&to=2025-01-31", "2026-03-01"},
		{"Reversed", "from=2025-02-01&to=2025-01-01", "不能早于"},
		{"Script", "from=%3Cscript%3Ealert(1)%3C/script%3E&to=2025-01-31", "年-月-日"},
		{"Huge", "from=" + strings.Repeat("x", 1<<20), "年-月-日"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/appeals/rates?", "/appeals/rates.xlsx?", "/appeals/hot?"} {
				r := c.Get(path + tc.query)
				if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) {
					t.Fatalf("GET %s = %d, want 422 with %q", path, r.Code, tc.want)
				}
				if strings.Contains(r.Body, "<script>alert") {
					t.Fatalf("GET %s echoes the script unescaped", path)
				}
			}
		})
	}
}

func TestSettingsForm(t *testing.T) {
	env := authtest.New(t)
	seed(t, env)
	office := env.Client("10.1.3.1")
	office.MustLogin("ducha")
	good := url.Values{"response": {"40"}, "solve": {"30"}, "satisfaction": {"30"}, "round": {"first"}, "basis": {"event"}, "basic_satisfied": {"1"}}
	for _, tc := range []struct {
		name   string
		user   string
		form   url.Values
		status int
		want   string
	}{
		{"LeaderRefused", "leader", good, http.StatusForbidden, ""},
		{"SumNot100", "ducha", url.Values{"response": {"40"}, "solve": {"40"}, "satisfaction": {"40"}, "round": {"final"}, "basis": {"event"}}, 422, "之和须为 100"},
		{"NotNumbers", "ducha", url.Values{"response": {"<b>x</b>"}, "solve": {strings.Repeat("9", 1<<20)}, "satisfaction": {"30"}, "round": {"final"}, "basis": {"event"}}, 422, "0 到 100"},
		{"UnknownChoice", "ducha", url.Values{"response": {"30"}, "solve": {"35"}, "satisfaction": {"35"}, "round": {"'; DROP TABLE appeals; --"}, "basis": {"event"}}, 422, "请从列表中选择"},
		{"Saved", "ducha", good, http.StatusSeeOther, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := office
			if tc.user != "ducha" {
				c = env.Client("10.1.3.2")
				c.MustLogin(tc.user)
			}
			before := settingsNow(t, env)
			r := c.Post("/appeals/rates/settings", tc.form)
			if r.Code != tc.status || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("POST = %d, want %d with %q", r.Code, tc.status, tc.want)
			}
			after := settingsNow(t, env)
			if tc.status != http.StatusSeeOther && after != before {
				t.Fatalf("refused form changed the settings: %+v → %+v", before, after)
			}
			if tc.status == http.StatusSeeOther {
				if after.WeightResponse != 40 || after.Round != appealstat.RoundFirst {
					t.Fatalf("settings after save = %+v", after)
				}
				var n int
				env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'appealstat_settings'`).Scan(&n)
				if n != 1 {
					t.Fatalf("audit entries = %d, want 1", n)
				}
				// The first rating now drives satisfaction: 教育局 1 of 2 (basic).
				if body := office.Get("/appeals/rates?" + jan25).Body; !strings.Contains(body, "首次评价") {
					t.Fatal("rates page does not say the first rating is used")
				}
			}
		})
	}
}

func settingsNow(t *testing.T, env *authtest.Env) appealstat.Settings {
	t.Helper()
	s, err := appealstat.LoadSettings(context.Background(), env.App.DB)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExport(t *testing.T) {
	env := authtest.New(t)
	seed(t, env)
	c := env.Client("10.1.4.1")
	c.MustLogin("jiaoyu_head")
	r := c.Get("/appeals/rates.xlsx?" + jan25)
	if r.Code != http.StatusOK || !strings.Contains(r.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export = %d %s", r.Code, r.Header().Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("三率")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != "教育局" || rows[1][1] != "2" || rows[1][2] != "2" {
		t.Fatalf("rows = %q, want the header and 教育局 only (the unit head's scope)", rows)
	}
}

func TestHotPage(t *testing.T) {
	env := authtest.New(t)
	seed(t, env)
	if _, err := appealstat.NewAggregator(env.App.DB, env.Clock.Now).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := env.Client("10.1.5.1")
	c.MustLogin("leader")
	r := c.Get("/appeals/hot?" + jan25)
	if r.Code != http.StatusOK {
		t.Fatalf("GET /appeals/hot = %d", r.Code)
	}
	for _, want := range []string{`id="hot-total">3<`, `id="hot-transferred">3<`, "学位", "路灯", "<svg", "RT0002"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("hot page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "h-same") {
		t.Error("hot page shows a phone hash")
	}
	// A new appeal counted by the job shows at once: the cached page follows the watermark.
	env.Exec(`INSERT INTO appeals (code, category_id, class, description, source, state, received_at, due_at, created_at, updated_at)
		SELECT 'RT0004', category_id, class, '公交班车太少', source, 'received', received_at, due_at, created_at, updated_at FROM appeals WHERE code = 'RT0001'`)
	if _, err := appealstat.NewAggregator(env.App.DB, env.Clock.Now).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := c.Get("/appeals/hot?" + jan25); !strings.Contains(r.Body, `id="hot-total">4<`) || !strings.Contains(r.Body, "班车") {
		t.Fatal("hot page did not follow the new count")
	}
	head := env.Client("10.1.5.2")
	head.MustLogin("jiaoyu_head")
	if r := head.Get("/appeals/hot"); r.Code != http.StatusForbidden {
		t.Fatalf("unit head GET /appeals/hot = %d, want 403", r.Code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
