package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Message is what a robot posts to its group.
type Message struct {
	Title string
	Body  string
	Link  string // absolute, or empty
	Key   string // sent as the Idempotency-Key header
}

// DingTalkSign is DingTalk's signature: HMAC-SHA256 keyed with the secret over
// timestamp (milliseconds) + "\n" + secret, in standard base64. It is put into
// the URL query (url.Values does the URL encoding).
func DingTalkSign(timestampMillis int64, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestampMillis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// FeishuSign is Feishu's signature: HMAC-SHA256 keyed with timestamp
// (seconds) + "\n" + secret over an empty message, in standard base64. It goes
// into the body fields timestamp and sign.
func FeishuSign(timestampSeconds int64, secret string) string {
	m := hmac.New(sha256.New, []byte(strconv.FormatInt(timestampSeconds, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// request builds the robot's HTTP request for msg.
func (r Robot) request(ctx context.Context, msg Message, now time.Time) (*http.Request, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("robot url %q is not an http(s) address", r.URL)
	}
	var payload any
	switch r.Kind {
	case RobotDingTalk:
		payload = dingTalkMarkdown(msg)
		if r.Secret != "" {
			ts := now.UnixMilli()
			q := u.Query()
			q.Set("timestamp", strconv.FormatInt(ts, 10))
			q.Set("sign", DingTalkSign(ts, r.Secret))
			u.RawQuery = q.Encode()
		}
	case RobotWeCom: // the key is in the URL; WeCom robots are not signed
		payload = map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": markdownText(msg, "## ")}}
	case RobotFeishu:
		body := feishuPost(msg)
		if r.Secret != "" {
			ts := now.Unix()
			body["timestamp"] = strconv.FormatInt(ts, 10)
			body["sign"] = FeishuSign(ts, r.Secret)
		}
		payload = body
	default:
		return nil, fmt.Errorf("robot kind %q: want dingtalk, wecom or feishu", r.Kind)
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Idempotency-Key", msg.Key)
	return req, nil
}

func markdownText(msg Message, heading string) string {
	s := heading + msg.Title + "\n\n" + msg.Body
	if msg.Link != "" {
		s += "\n\n[" + msg.Link + "](" + msg.Link + ")"
	}
	return s
}

func dingTalkMarkdown(msg Message) map[string]any {
	return map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": msg.Title, "text": markdownText(msg, "### ")}}
}

// feishuPost is a rich-text ("post") message: the body as a paragraph and
// the link as a link element.
func feishuPost(msg Message) map[string]any {
	lines := [][]map[string]string{{{"tag": "text", "text": msg.Body}}}
	if msg.Link != "" {
		lines = append(lines, []map[string]string{{"tag": "a", "text": msg.Link, "href": msg.Link}})
	}
	return map[string]any{"msg_type": "post", "content": map[string]any{
		"post": map[string]any{"zh_cn": map[string]any{"title": msg.Title, "content": lines}}}}
}

// Send posts msg and checks the robot's answer: DingTalk and WeCom answer
// {"errcode":0}, Feishu {"code":0}; anything else is an error to retry.
func (r Robot) Send(ctx context.Context, client *http.Client, msg Message, now time.Time) error {
	req, err := r.request(ctx, msg, now)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("robot %s: %w", r.Kind, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("robot %s: http %d", r.Kind, resp.StatusCode)
	}
	var ans struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"`
		Msg     string `json:"msg"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return fmt.Errorf("robot %s: unreadable answer: %w", r.Kind, err)
	}
	switch {
	case ans.ErrCode != nil && *ans.ErrCode != 0:
		return fmt.Errorf("robot %s: errcode %d %s", r.Kind, *ans.ErrCode, ans.ErrMsg)
	case ans.Code != nil && *ans.Code != 0:
		return fmt.Errorf("robot %s: code %d %s", r.Kind, *ans.Code, ans.Msg)
	}
	return nil
}
