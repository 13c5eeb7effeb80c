package task_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// TestGanttThroughHTTP renders the demo campaign's timeline: bars carry the
// titles, today's line and milestone diamonds are drawn, the SVG needs no
// script and no style attribute (strict CSP), and the data scope applies.
func TestGanttThroughHTTP(t *testing.T) {
	env := authtest.New(t)
	id, _ := demoTask(t, env, "柳溪乡学生就近入学与校车保障")
	env.Exec(`INSERT INTO task_milestones (task_id, title, due_date) SELECT ?, '校车线路开通<b>', start_date FROM tasks WHERE id = ?`, id, id)
	office, leader, jiaoyu, qingshi := env.Client("10.4.0.1"), env.Client("10.4.0.2"), env.Client("10.4.0.3"), env.Client("10.4.0.4")
	office.MustLogin("ducha")
	leader.MustLogin("leader")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	for _, tc := range []struct {
		name      string
		c         *authtest.Client
		path      string
		code      int
		want, not []string
	}{
		{"OfficeSeesAllWithTodayAndMilestones", office, "/campaigns/1/gantt", 200,
			[]string{"<svg", "柳溪乡学生就近入学与校车保障", "镇乡卫生院服务能力提升", `class="gantt-today"`, `class="gantt-milestone"`,
				"校车线路开通&lt;b&gt;", "调研摸底", `fill="#d93025"`}, nil},
		{"LeaderSeesAll", leader, "/campaigns/1/gantt", 200, []string{"镇乡卫生院服务能力提升"}, nil},
		{"LiaisonSeesOwnUnitsOnly", jiaoyu, "/campaigns/1/gantt", 200, []string{"柳溪乡学生就近入学与校车保障"}, []string{"镇乡卫生院服务能力提升"}},
		{"OtherUnitMissesThatTask", qingshi, "/campaigns/1/gantt", 200, []string{"镇乡卫生院服务能力提升"}, []string{"柳溪乡学生就近入学与校车保障"}},
		{"PhaseFilterAndBadPageHarmless", office, "/campaigns/1/gantt?phase=abc&page=-5", 200, []string{"<svg"}, nil},
		{"UnknownCampaignNotFound", office, "/campaigns/999/gantt", 404, nil, nil},
		{"CampaignPageLinksGantt", office, "/campaigns/1", 200, []string{"/campaigns/1/gantt"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Get(tc.path)
			if r.Code != tc.code {
				t.Fatalf("GET %s = %d, want %d", tc.path, r.Code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, n := range append(tc.not, "style=") {
				if strings.Contains(r.Body, n) {
					t.Errorf("body holds %q", n)
				}
			}
			if svg := svgPart(r.Body); strings.Contains(svg, "<script") || strings.Contains(svg, "onload=") {
				t.Errorf("the SVG holds a script")
			}
		})
	}
}

// svgPart is the chart inside a page ("" when there is none); the page's
// layout loads its own script file, the chart must not have any.
func svgPart(body string) string {
	i, j := strings.Index(body, "<svg"), strings.LastIndex(body, "</svg>")
	if i < 0 || j < i {
		return ""
	}
	return body[i:j]
}

// TestBoardSearchThroughHTTP uses the board's search box on the demo: a
// two-character word finds the 教育局 titles, words in a report find their
// task, hostile input is harmless and a 1 MB query is refused with a message.
func TestBoardSearchThroughHTTP(t *testing.T) {
	env := authtest.New(t)
	office, qingshi := env.Client("10.4.1.1"), env.Client("10.4.1.2")
	office.MustLogin("ducha")
	qingshi.MustLogin("qingshi")
	board := func(q string) string { return "/campaigns/1/tasks?q=" + url.QueryEscape(q) }
	for _, tc := range []struct {
		name      string
		c         *authtest.Client
		q         string
		code      int
		want, not []string
	}{
		{"TwoCharWordFindsTitles", office, "教育", 200, []string{"学前教育资源补短板"}, []string{"镇乡卫生院服务能力提升"}},
		{"WordsANDed", office, "校车 柳溪", 200, []string{"柳溪乡学生就近入学与校车保障"}, []string{"学前教育资源补短板"}},
		{"NoMatchShowsNone", office, "航天发射", 200, []string{`value="航天发射"`}, []string{"学前教育资源补短板"}},
		{"HTMLEscaped", office, `<script>alert(1)</script>`, 200, []string{"&lt;script&gt;"}, []string{"<script>alert"}},
		{"SQLHarmless", office, `' OR 1=1 --`, 200, nil, []string{"学前教育资源补短板"}},
		{"TooLongRefused", office, strings.Repeat("教", 1<<20), 422, []string{"搜索词不能超过"}, nil},
		{"ScopeStillApplies", qingshi, "教育", 200, nil, []string{"学前教育资源补短板"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.Get(board(tc.q))
			if r.Code != tc.code {
				t.Fatalf("search %.20q = %d, want %d", tc.q, r.Code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r.Body, n) {
					t.Errorf("body holds %q", n)
				}
			}
		})
	}
	var n int
	if err := env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM tasks`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("tasks after the searches: %d, %v", n, err)
	}
}
