package task_test

import (
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

// TestMyLeaderAndInstructionPages walks "my work", the leader's page, the
// instruction pages and the handover page as the demo's people.
func TestMyLeaderAndInstructionPages(t *testing.T) {
	env := authtest.New(t)
	office, leader, jiaoyu, qingshi := env.Client("10.4.0.1"), env.Client("10.4.0.2"), env.Client("10.4.0.3"), env.Client("10.4.0.4")
	office.MustLogin("ducha")
	leader.MustLogin("leader")
	jiaoyu.MustLogin("jiaoyu")
	qingshi.MustLogin("qingshi")
	waiting, _ := demoTask(t, env, "柳溪乡学生就近入学与校车保障")
	var iid int64
	if err := env.App.DB.QueryRow(t.Context(), `SELECT id FROM task_instructions WHERE task_id = ?`, waiting).Scan(&iid); err != nil {
		t.Fatalf("demo instruction: %v", err)
	}
	instr := "/tasks/" + itoa(waiting) + "/instructions"
	for _, tc := range []struct {
		name string
		c    *authtest.Client
		do   func(c *authtest.Client) *authtest.Response
		code int
		want []string
	}{
		{"MyWorkShowsAwaitingInstruction", jiaoyu, get("/my"), 200, []string{"待回复的领导批示 (1)", "柳溪乡学生就近入学与校车保障", "本周应报送", " 应报", "未读消息"}},
		{"LeaderForbiddenMyWork", leader, get("/my"), 403, nil},
		{"LeaderPage", leader, get("/leader"), 200, []string{"我分管的任务", "红灯", "我的批示待回复 (1)"}},
		{"LiaisonNoLeaderPage", jiaoyu, get("/leader"), 403, nil},
		{"TaskPageShowsAwaiting", jiaoyu, get("/tasks/" + itoa(waiting)), 200, []string{"领导批示", "待回复"}},
		{"OtherUnitInstructionsNotFound", qingshi, get(instr), 404, nil},
		{"LiaisonCannotInstruct", jiaoyu, post(instr, url.Values{"body": {"x"}}), 403, nil},
		{"OfficeMustNameLeader", office, post(instr, url.Values{"body": {"请办理"}, "leader": {"abc"}}), 422, []string{"请选择代录的领导"}},
		{"LeaderEmptyBody", leader, post(instr, url.Values{"body": {""}}), 422, []string{"必填"}},
		{"OtherUnitCannotReply", qingshi, post("/instructions/"+itoa(iid)+"/reply", url.Values{"reply": {"x"}}), 404, nil},
		{"EmptyReply", jiaoyu, post("/instructions/"+itoa(iid)+"/reply", url.Values{"reply": {""}}), 422, []string{"必填"}},
		{"Reply", jiaoyu, post("/instructions/"+itoa(iid)+"/reply", url.Values{"reply": {"已制定校车线路调整方案"}}), 303, nil},
		{"ReplyShown", leader, get(instr), 200, []string{"已制定校车线路调整方案", "已回复"}},
		{"SecondReplyConflict", jiaoyu, post("/instructions/"+itoa(iid)+"/reply", url.Values{"reply": {"再"}}), 409, nil},
		{"MyWorkAfterReply", jiaoyu, get("/my"), 200, []string{"待回复的领导批示 (0)"}},
		{"OfficeHandoverForm", office, get("/handover?unit=1"), 200, []string{"移交全部未办结任务"}},
		{"LiaisonNoHandover", jiaoyu, get("/handover"), 403, nil},
		{"HandoverNeedsReason", office, post("/handover", url.Values{"unit": {"1"}, "from": {"1"}, "to": {"2"}}), 422, []string{"请填写交接原因"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do(tc.c)
			if r.Code != tc.code {
				t.Fatalf("status %d, want %d\n%s", r.Code, tc.code, r.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Fatalf("body lacks %q", w)
				}
			}
		})
	}
}

// TestLeaderPageRedFirst: the leader's list shows red tasks before yellow
// and green ones.
func TestLeaderPageRedFirst(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.4.1.1")
	c.MustLogin("leader")
	body := c.Get("/leader").Body
	table := body[strings.Index(body, `id="leader-tasks"`):]
	red, yellow, green := strings.LastIndex(table, "light-red"), strings.Index(table, "light-yellow"), strings.Index(table, "light-green")
	if red < 0 || yellow < 0 || green < 0 {
		t.Fatalf("demo should have red, yellow and green tasks in charge: %d %d %d", red, yellow, green)
	}
	if !(red < yellow && strings.LastIndex(table, "light-yellow") < green) {
		t.Fatalf("order not red → yellow → green: last red %d, first yellow %d, first green %d", red, yellow, green)
	}
}

func get(path string) func(c *authtest.Client) *authtest.Response {
	return func(c *authtest.Client) *authtest.Response { return c.Get(path) }
}

func post(path string, form url.Values) func(c *authtest.Client) *authtest.Response {
	return func(c *authtest.Client) *authtest.Response { return c.Post(path, form) }
}
