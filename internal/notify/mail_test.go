package notify_test

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"tongchou/internal/notify"
)

func TestSMTPSendEncodesChineseAndDerivesMessageID(t *testing.T) {
	srv := startSMTPD(t)
	cfg := notify.SMTPConfig{Host: "127.0.0.1", Port: srv.port(), Username: "robot", Password: "pw",
		From: "统筹平台 <tongchou@hexi.example>"}
	now := time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)
	subject := "【催办】关于教育局“集团化办学”任务逾期的催办单"
	body := "教育局：\n任务已逾期 3 天，请于今日内报送进展。"
	for range 2 { // the same delivery twice: a retry after a crash
		if err := cfg.Send(context.Background(), "jiaoyu@hexi.example", subject, body, "urge:task:7:deadline", now); err != nil {
			t.Fatalf("send: %v", err)
		}
	}
	got := srv.received()
	if len(got) != 2 {
		t.Fatalf("server received %d mails, want 2", len(got))
	}
	var ids []string
	for _, m := range got {
		msg, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Fatalf("parse mail: %v\n%s", err, m.Data)
		}
		raw := msg.Header.Get("Subject")
		if !strings.HasPrefix(raw, "=?UTF-8?b?") && !strings.HasPrefix(raw, "=?UTF-8?B?") {
			t.Errorf("subject not RFC 2047 encoded: %q", raw)
		}
		dec, err := new(mime.WordDecoder).DecodeHeader(raw)
		if err != nil || dec != subject {
			t.Errorf("subject decodes to %q (%v), want %q", dec, err, subject)
		}
		b64, _ := io.ReadAll(msg.Body)
		text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(b64), "\r\n", ""))
		if err != nil || string(text) != body {
			t.Errorf("body = %q (%v), want %q", text, err, body)
		}
		if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" {
			t.Errorf("content type %q", ct)
		}
		from, _ := mail.ParseAddress(msg.Header.Get("From"))
		if from == nil || from.Name != "统筹平台" || from.Address != "tongchou@hexi.example" {
			t.Errorf("from = %v", from)
		}
		if !strings.Contains(m.To, "<jiaoyu@hexi.example>") {
			t.Errorf("RCPT = %q", m.To)
		}
		ids = append(ids, msg.Header.Get("Message-ID"))
	}
	if ids[0] == "" || ids[0] != ids[1] || !strings.HasSuffix(ids[0], "@hexi.example>") {
		t.Fatalf("Message-IDs %q: want the same id, derived from the key, for a repeat", ids)
	}
	if other := notify.MessageID("urge:task:8:deadline", "a@hexi.example"); other == ids[0] {
		t.Fatal("a different key gave the same Message-ID")
	}
	if len(srv.auths) != 2 {
		t.Fatalf("AUTH sent %d times, want 2", len(srv.auths))
	}
}

func TestSMTPSendRefuses(t *testing.T) {
	srv := startSMTPD(t)
	for _, tc := range []struct {
		name string
		cfg  notify.SMTPConfig
		to   string
		want string
	}{
		{"NotConfigured", notify.SMTPConfig{}, "a@b.example", "not configured"},
		{"StartTLSMissing", notify.SMTPConfig{Host: "127.0.0.1", Port: srv.port(), From: "a@b.example", StartTLS: true}, "a@b.example", "STARTTLS"},
		{"BadRecipient", notify.SMTPConfig{Host: "127.0.0.1", Port: srv.port(), From: "a@b.example"}, "not an address\r\nBcc: x@y", "mail to"},
		{"BadSender", notify.SMTPConfig{Host: "127.0.0.1", Port: srv.port(), From: "nobody"}, "a@b.example", "mail from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Send(context.Background(), tc.to, "主题", "正文", "k", time.Now())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Send = %v, want an error about %q", err, tc.want)
			}
		})
	}
	if n := len(srv.received()); n != 0 {
		t.Fatalf("a refused send reached the server (%d mails)", n)
	}
}
