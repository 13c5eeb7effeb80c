package task_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// dingTalkHook is a DingTalk robot stand-in that checks the signature.
type dingTalkHook struct {
	secret string
	now    func() int64
	mu     sync.Mutex
	texts  []string
}

func (h *dingTalkHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	q := r.URL.Query()
	ts, _ := strconv.ParseInt(q.Get("timestamp"), 10, 64)
	if ts != h.now() || q.Get("sign") != notify.DingTalkSign(ts, h.secret) || q.Get("access_token") != "tok" {
		json.NewEncoder(w).Encode(map[string]any{"errcode": 310000, "errmsg": "sign not match"})
		return
	}
	raw, _ := io.ReadAll(r.Body)
	h.texts = append(h.texts, string(raw))
	json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok"})
}

func (h *dingTalkHook) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.texts...)
}

func TestLadderQueuesToTheEnabledChannels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := newLadder(t, db)
		id := l.ladderTask(t, "2026-06-18", "none", "2026-06-01")
		suite, err := crypt.New("std", crypt.GenerateKeys())
		if err != nil {
			t.Fatal(err)
		}
		log := audit.New(db, suite, l.clk.Now)
		ch := notify.NewChannels(db, log, suite, l.clk.Now)
		hook := &dingTalkHook{secret: "SECladder", now: func() int64 { return l.clk.Now().UnixMilli() }}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		robot, err := ch.CreateRobot(ctx, notify.RobotInput{Kind: notify.RobotDingTalk, Name: "督查群",
			URL: srv.URL + "/robot/send?access_token=tok", Secret: "SECladder", Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ch.CreateRobot(ctx, notify.RobotInput{Kind: notify.RobotWeCom, Name: "停用群",
			URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}); err != nil {
			t.Fatal(err)
		}
		if err := ch.SaveSMTP(ctx, notify.SMTPInput{Host: "127.0.0.1", Port: "25", From: "tc@example.gov.cn", Enabled: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE users SET email = 'liaison@example.gov.cn' WHERE id = ?`, l.users[asLiaison].ID); err != nil {
			t.Fatal(err)
		}
		outbox := func(channel, target string) int {
			return escCount(t, db, `SELECT COUNT(*) FROM notify_outbox WHERE channel = ? AND target = ?`, channel, target)
		}

		l.run(t, "2026-06-17", 1) // the blue reminder to the responsible liaison
		for _, tc := range []struct {
			name, channel, target string
			want                  int
		}{
			{"EnabledRobotQueued", notify.ChannelRobot, "督查群", 1},
			{"DisabledRobotNotQueued", notify.ChannelRobot, "停用群", 0},
			{"RecipientWithAddressMailed", notify.ChannelEmail, "liaison@example.gov.cn", 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if n := outbox(tc.channel, tc.target); n != tc.want {
					t.Fatalf("outbox has %d %s deliveries to %s, want %d", n, tc.channel, tc.target, tc.want)
				}
			})
		}
		t.Run("DeliveredSignedToTheRobot", func(t *testing.T) {
			svc := notify.New(db, log, l.clk.Now, notify.Config{})
			svc.UseChannels(ch)
			if _, _, err := svc.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if got := hook.got(); len(got) != 1 || !strings.Contains(got[0], "提醒〔2026〕1号") {
				t.Fatalf("robot got %v", got)
			}
		})
		t.Run("DisabledRobotGetsNoMoreNotices", func(t *testing.T) {
			if err := ch.UpdateRobot(ctx, robot, notify.RobotInput{Kind: notify.RobotDingTalk, Name: "督查群"}); err != nil {
				t.Fatal(err)
			}
			l.run(t, "2026-06-22", 1) // the yellow 催办 to the unit head, who has no address
			if n := escCount(t, db, `SELECT COUNT(*) FROM notify_outbox`); n != 2 {
				t.Fatalf("outbox has %d deliveries, want still 2", n)
			}
		})
		if got := l.notices(t, id); len(got) != 2 {
			t.Fatalf("notices = %v", got)
		}
	})
}
