package task_test

import (
	"context"
	"net/http"
	"testing"

	"tongchou/internal/auth/authtest"
)

type apiCampaignOut struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Version  int    `json:"version"`
	Settings struct {
		LagRed int `json:"lag_red"`
	} `json:"settings"`
	Phases []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"phases"`
}

// TestAPICampaignWrites creates and changes a campaign through the API; the
// wrong role, a stale version and bad dates change nothing.
func TestAPICampaignWrites(t *testing.T) {
	env := authtest.New(t)
	ducha := newAPIUser(t, env, "ducha", "10.9.2.1")
	jiaoyu := newAPIUser(t, env, "jiaoyu", "10.9.2.2")
	good := map[string]any{"name": "API 专项活动", "start": "2026-12-01", "end": "2027-03-31",
		"phases": []map[string]string{{"name": "动员部署", "start": "2026-12-01", "end": "2026-12-31"}}}

	var c apiCampaignOut
	if code, body := ducha.call(http.MethodPost, "/api/v1/campaigns", jsonBody(t, good), &c); code != http.StatusCreated ||
		c.ID == 0 || len(c.Phases) != 1 || c.Settings.LagRed != 30 {
		t.Fatalf("office creates = %d %s", code, body)
	}
	path := "/api/v1/campaigns/" + itoa(c.ID)
	change := map[string]any{"name": "API 专项活动（调整）", "start": "2026-12-01", "end": "2027-03-31", "version": c.Version,
		"phases": []map[string]any{{"name": "集中攻坚", "start": "2027-01-01", "end": "2027-03-31"}}}
	for _, tc := range []struct {
		name       string
		u          apiUser
		method     string
		path, body string
		want       int
		field      string
	}{
		{"LiaisonCreateForbidden", jiaoyu, http.MethodPost, "/api/v1/campaigns", jsonBody(t, good), http.StatusForbidden, ""},
		{"EndBeforeStartInvalid", ducha, http.MethodPost, "/api/v1/campaigns",
			`{"name":"倒序","start":"2026-12-01","end":"2026-11-01"}`, http.StatusUnprocessableEntity, "end"},
		{"UnknownFieldInvalid", ducha, http.MethodPost, "/api/v1/campaigns",
			`{"name":"x","start":"2026-12-01","end":"2026-12-31","owner":1}`, http.StatusUnprocessableEntity, "owner"},
		{"LiaisonUpdateForbidden", jiaoyu, http.MethodPut, path, jsonBody(t, change), http.StatusForbidden, ""},
		{"StaleUpdateConflict", ducha, http.MethodPut, path, jsonBody(t, map[string]any{"name": "旧版本", "start": "2026-12-01",
			"end": "2027-03-31", "version": c.Version + 5}), http.StatusConflict, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := tc.u.call(tc.method, tc.path, tc.body, nil)
			if code != tc.want {
				t.Fatalf("= %d %s, want %d", code, body, tc.want)
			}
			if tc.field != "" && decodeErr(t, body).Fields[tc.field] == "" {
				t.Errorf("no error for %s in %s", tc.field, body)
			}
		})
	}
	var n int
	if err := env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM campaigns WHERE name IN ('倒序', 'x', '旧版本')`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused writes left %d campaigns (%v)", n, err)
	}

	var after apiCampaignOut
	if code, body := ducha.call(http.MethodPut, path, jsonBody(t, change), &after); code != http.StatusOK ||
		after.Name != "API 专项活动（调整）" || len(after.Phases) != 2 || after.Version != c.Version+1 {
		t.Fatalf("office updates = %d %s", code, body)
	}
}

// TestAPITaskEditInstructionsHandover edits a task, writes and answers a
// leader instruction and hands the task over, all through the API.
func TestAPITaskEditInstructionsHandover(t *testing.T) {
	env := authtest.New(t)
	campaign, edu, _ := apiIDs(t, env)
	ducha := newAPIUser(t, env, "ducha", "10.9.3.1")
	leader := newAPIUser(t, env, "leader", "10.9.3.2")
	jiaoyu := newAPIUser(t, env, "jiaoyu", "10.9.3.3")
	qingshi := newAPIUser(t, env, "qingshi", "10.9.3.4")
	var jiaoyuID, headID int64
	ctx := context.Background()
	if err := env.App.DB.QueryRow(ctx, `SELECT id FROM users WHERE username = 'jiaoyu'`).Scan(&jiaoyuID); err != nil {
		t.Fatal(err)
	}
	if err := env.App.DB.QueryRow(ctx, `SELECT id FROM users WHERE username = 'jiaoyu_head'`).Scan(&headID); err != nil {
		t.Fatal(err)
	}
	in := map[string]any{"title": "API 编辑的任务", "lead_unit_id": edu, "responsible_id": jiaoyuID, "start": today(env, 0),
		"deadline": today(env, 30)}
	var tk apiTaskOut
	if code, body := ducha.call(http.MethodPost, "/api/v1/campaigns/"+itoa(campaign)+"/tasks", jsonBody(t, in), &tk); code != http.StatusCreated {
		t.Fatalf("create = %d %s", code, body)
	}
	path := "/api/v1/tasks/" + itoa(tk.ID)

	t.Run("EditTask", func(t *testing.T) {
		edit := map[string]any{"title": "API 编辑后的任务", "lead_unit_id": edu, "responsible_id": jiaoyuID, "start": today(env, 0),
			"deadline": today(env, 40), "version": tk.Version}
		if code, body := jiaoyu.call(http.MethodPut, path, jsonBody(t, edit), nil); code != http.StatusForbidden {
			t.Errorf("liaison edits = %d %s, want 403", code, body)
		}
		bad := map[string]any{"title": "倒序", "lead_unit_id": edu, "start": today(env, 10), "deadline": today(env, 0), "version": tk.Version}
		if code, body := ducha.call(http.MethodPut, path, jsonBody(t, bad), nil); code != http.StatusUnprocessableEntity ||
			decodeErr(t, body).Fields["deadline"] == "" {
			t.Errorf("deadline before start = %d %s, want 422 on deadline", code, body)
		}
		var out apiTaskOut
		if code, body := ducha.call(http.MethodPut, path, jsonBody(t, edit), &out); code != http.StatusOK || out.Version != tk.Version+1 {
			t.Fatalf("office edits = %d %s", code, body)
		}
		if code, body := ducha.call(http.MethodPut, path, jsonBody(t, edit), nil); code != http.StatusConflict {
			t.Errorf("stale edit = %d %s, want 409", code, body)
		}
	})

	t.Run("InstructAndReply", func(t *testing.T) {
		var ins struct {
			ID        int64   `json:"id"`
			Body      string  `json:"body"`
			RepliedAt *string `json:"replied_at"`
		}
		if code, body := leader.call(http.MethodPost, path+"/instructions", `{"body":"请抓紧推进，月底前见成效"}`, &ins); code != http.StatusCreated ||
			ins.ID == 0 || ins.RepliedAt != nil {
			t.Fatalf("leader instructs = %d %s", code, body)
		}
		if code, body := jiaoyu.call(http.MethodPost, path+"/instructions", `{"body":"联络员不能批示"}`, nil); code != http.StatusForbidden {
			t.Errorf("liaison instructs = %d %s, want 403", code, body)
		}
		if code, body := qingshi.call(http.MethodGet, path+"/instructions", "", nil); code != http.StatusNotFound {
			t.Errorf("other unit reads = %d %s, want 404", code, body)
		}
		reply := "/api/v1/instructions/" + itoa(ins.ID) + "/reply"
		if code, body := qingshi.call(http.MethodPost, reply, `{"reply":"不是我们的任务"}`, nil); code != http.StatusNotFound && code != http.StatusForbidden {
			t.Errorf("other unit replies = %d %s, want 404 or 403", code, body)
		}
		if code, body := jiaoyu.call(http.MethodPost, reply, `{"reply":"已部署，本月底完成"}`, &ins); code != http.StatusOK || ins.RepliedAt == nil {
			t.Fatalf("lead unit replies = %d %s", code, body)
		}
		var list struct {
			Items []struct{ Reply string } `json:"items"`
		}
		if code, body := jiaoyu.call(http.MethodGet, path+"/instructions", "", &list); code != http.StatusOK || len(list.Items) != 1 ||
			list.Items[0].Reply != "已部署，本月底完成" {
			t.Fatalf("list = %d %s", code, body)
		}
	})

	t.Run("Handover", func(t *testing.T) {
		body := jsonBody(t, map[string]any{"unit_id": edu, "from_id": jiaoyuID, "to_id": headID, "reason": "休产假"})
		if code, out := qingshi.call(http.MethodPost, "/api/v1/handover", body, nil); code != http.StatusForbidden {
			t.Errorf("liaison hands over = %d %s, want 403", code, out)
		}
		if code, out := ducha.call(http.MethodPost, "/api/v1/handover", `{"unit_id":1,"from_id":1,"to_id":1,"reason":""}`, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("bad handover = %d %s, want 422", code, out)
		}
		var moved struct {
			Moved int `json:"moved"`
		}
		if code, out := ducha.call(http.MethodPost, "/api/v1/handover", body, &moved); code != http.StatusOK || moved.Moved < 1 {
			t.Fatalf("office hands over = %d %s", code, out)
		}
		var resp int64
		if err := env.App.DB.QueryRow(ctx, `SELECT responsible_id FROM tasks WHERE id = ?`, tk.ID).Scan(&resp); err != nil || resp != headID {
			t.Fatalf("responsible after handover = %d (%v), want %d", resp, err, headID)
		}
	})
}
