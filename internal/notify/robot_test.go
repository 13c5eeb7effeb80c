package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tongchou/internal/notify"
)

func TestSignatures(t *testing.T) {
	// A published vector for DingTalk: timestamp 1700000000000, secret "secret".
	if got := notify.DingTalkSign(1700000000000, "secret"); got != "OuzzJR5+xZ4/EYwqtNt6sMYZQMTa/HEGvc9miJe7XzY=" {
		t.Errorf("DingTalkSign = %q", got)
	}
	// Feishu keys the HMAC with timestamp + "\n" + secret and signs nothing.
	m := hmac.New(sha256.New, []byte("1700000000\nsecret"))
	if got, want := notify.FeishuSign(1700000000, "secret"), base64.StdEncoding.EncodeToString(m.Sum(nil)); got != want {
		t.Errorf("FeishuSign = %q, want %q", got, want)
	}
}

// robotReceiver stands in for a robot's webhook: it checks what the real
// service checks and answers in its format.
type robotReceiver struct {
	kind, secret string
	now          time.Time
	mu           sync.Mutex
	bodies       []map[string]any
	keys         []string
	fail         int // answer this many requests with an error first
}

func (rr *robotReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	problem := ""
	if err := json.Unmarshal(raw, &body); err != nil || r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		problem = "not a JSON POST"
	}
	switch rr.kind {
	case notify.RobotDingTalk:
		q := r.URL.Query()
		ts, _ := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if q.Get("access_token") != "tok" || ts != rr.now.UnixMilli() || q.Get("sign") != notify.DingTalkSign(ts, rr.secret) {
			problem = "bad dingtalk signature: " + r.URL.RawQuery
		}
		md, _ := body["markdown"].(map[string]any)
		if body["msgtype"] != "markdown" || md["title"] == nil || md["text"] == nil {
			problem = "bad dingtalk shape"
		}
	case notify.RobotWeCom:
		md, _ := body["markdown"].(map[string]any)
		if r.URL.Query().Get("key") != "k-1" || body["msgtype"] != "markdown" || md["content"] == nil {
			problem = "bad wecom shape"
		}
	case notify.RobotFeishu:
		ts, _ := strconv.ParseInt(body["timestamp"].(string), 10, 64)
		if ts != rr.now.Unix() || body["sign"] != notify.FeishuSign(ts, rr.secret) {
			problem = "bad feishu signature"
		}
		post, _ := body["content"].(map[string]any)["post"].(map[string]any)
		zh, _ := post["zh_cn"].(map[string]any)
		if body["msg_type"] != "post" || zh["title"] == nil || zh["content"] == nil {
			problem = "bad feishu shape"
		}
	}
	if rr.fail > 0 && problem == "" {
		rr.fail--
		problem = "temporarily unavailable"
	}
	if problem != "" {
		if rr.kind == notify.RobotFeishu {
			json.NewEncoder(w).Encode(map[string]any{"code": 19021, "msg": problem})
		} else {
			json.NewEncoder(w).Encode(map[string]any{"errcode": 310000, "errmsg": problem})
		}
		return
	}
	rr.bodies = append(rr.bodies, body)
	rr.keys = append(rr.keys, r.Header.Get("Idempotency-Key"))
	if rr.kind == notify.RobotFeishu {
		json.NewEncoder(w).Encode(map[string]any{"code": 0, "msg": "success"})
	} else {
		json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok"})
	}
}

func (rr *robotReceiver) count() int { rr.mu.Lock(); defer rr.mu.Unlock(); return len(rr.bodies) }

func TestRobotsSendSignedMessagesInTheirFormats(t *testing.T) {
	now := time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)
	msg := notify.Message{Title: "【督办】集团化办学任务", Body: "已逾期 5 个工作日", Link: "https://tc.example/tasks/7", Key: "supervise:7"}
	for _, tc := range []struct {
		name  string
		kind  string
		query string
		sec   string
	}{
		{"DingTalkSignedInQuery", notify.RobotDingTalk, "?access_token=tok", "SECabc"},
		{"WeComKeyInURL", notify.RobotWeCom, "?key=k-1", ""},
		{"FeishuSignedInBody", notify.RobotFeishu, "", "fs-secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rr := &robotReceiver{kind: tc.kind, secret: tc.sec, now: now}
			srv := httptest.NewServer(rr)
			defer srv.Close()
			robot := notify.Robot{Kind: tc.kind, URL: srv.URL + "/hook" + tc.query, Secret: tc.sec}
			if err := robot.Send(context.Background(), srv.Client(), msg, now); err != nil {
				t.Fatalf("send: %v", err)
			}
			if rr.count() != 1 || rr.keys[0] != "supervise:7" {
				t.Fatalf("receiver got %d messages with keys %v", rr.count(), rr.keys)
			}
			text, _ := json.Marshal(rr.bodies[0])
			if !strings.Contains(string(text), "集团化办学") || !strings.Contains(string(text), "https://tc.example/tasks/7") {
				t.Fatalf("message lacks title or link: %s", text)
			}
		})
	}
	t.Run("WrongSecretIsAnError", func(t *testing.T) {
		rr := &robotReceiver{kind: notify.RobotDingTalk, secret: "SECright", now: now}
		srv := httptest.NewServer(rr)
		defer srv.Close()
		err := notify.Robot{Kind: notify.RobotDingTalk, URL: srv.URL + "?access_token=tok", Secret: "SECwrong"}.Send(context.Background(), srv.Client(), msg, now)
		if err == nil || !strings.Contains(err.Error(), "errcode 310000") {
			t.Fatalf("Send = %v, want the robot's refusal", err)
		}
	})
	t.Run("UnknownKindOrURLIsAnError", func(t *testing.T) {
		for _, r := range []notify.Robot{{Kind: "slack", URL: "https://x.example"}, {Kind: notify.RobotWeCom, URL: "ftp://x"}} {
			if err := r.Send(context.Background(), http.DefaultClient, msg, now); err == nil {
				t.Errorf("robot %+v sent", r)
			}
		}
	})
}
