package notify_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/ui"
)

// withChannels gives the fixture's service the database channel settings.
func withChannels(t *testing.T, f *fixture) *notify.Channels {
	t.Helper()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	ch := notify.NewChannels(f.db, audit.New(f.db, suite, f.clock.Now), suite, f.clock.Now)
	f.svc.UseChannels(ch)
	return ch
}

// rawContains reports whether any stored channel row or audit entry holds s.
func rawContains(t *testing.T, db *store.DB, s string) bool {
	t.Helper()
	for _, q := range []string{
		`SELECT COUNT(*) FROM notify_robots WHERE url_sealed LIKE ? OR secret_sealed LIKE ? OR name LIKE ?`,
		`SELECT COUNT(*) FROM notify_smtp WHERE password_sealed LIKE ? OR host LIKE ? OR username LIKE ?`,
		`SELECT COUNT(*) FROM audit_log WHERE before_value LIKE ? OR after_value LIKE ? OR entity_id LIKE ?`,
	} {
		var n int
		p := "%" + s + "%"
		if err := db.QueryRow(context.Background(), q, p, p, p).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return true
		}
	}
	return false
}

func TestChannelSettingsApplyWithoutRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, notify.Config{})
		ch := withChannels(t, f)
		rr := &robotReceiver{kind: notify.RobotDingTalk, secret: "SECsign-777", now: f.clock.Now()}
		srv := httptest.NewServer(rr)
		defer srv.Close()
		mail := startSMTPD(t)

		id, err := ch.CreateRobot(ctx, notify.RobotInput{Kind: notify.RobotDingTalk, Name: "督查群",
			URL: srv.URL + "/robot/send?access_token=tok", Secret: "SECsign-777", Enabled: true})
		if err != nil {
			t.Fatalf("create robot: %v", err)
		}
		err = ch.SaveSMTP(ctx, notify.SMTPInput{Host: "127.0.0.1", Port: strconv.Itoa(mail.port()), Username: "mailer",
			Password: "pw-secret-9", From: "统筹平台 <tc@example.gov.cn>", Enabled: true})
		if err != nil {
			t.Fatalf("save smtp: %v", err)
		}
		t.Run("SecretsAreSealedAtRestAndNotAudited", func(t *testing.T) {
			for _, secret := range []string{"SECsign-777", "access_token=tok", srv.URL + "/robot", "pw-secret-9"} {
				if rawContains(t, db, secret) {
					t.Errorf("%q is stored or audited in clear", secret)
				}
			}
			s, err := ch.SMTP(ctx)
			if err != nil || !s.PasswordSet || s.Port != mail.port() {
				t.Fatalf("SMTP = %+v, %v", s, err)
			}
			r, err := ch.Robot(ctx, id)
			if err != nil || !r.SecretSet || r.URLHint != "http://"+srv.Listener.Addr().String()+"/…" {
				t.Fatalf("Robot = %+v, %v", r, err)
			}
		})
		t.Run("TestMessagesAreDelivered", func(t *testing.T) {
			if err := ch.TestRobot(ctx, id, "统筹平台测试消息", "测试"); err != nil {
				t.Fatal(err)
			}
			if err := ch.TestMail(ctx, "zhang@example.gov.cn", "统筹平台测试消息", "测试"); err != nil {
				t.Fatal(err)
			}
			if sent, failed := drain(t, f); sent != 2 || failed != 0 {
				t.Fatalf("drain sent %d failed %d, want 2 and 0", sent, failed)
			}
			if rr.count() != 1 { // the receiver checks the DingTalk signature with the secret
				t.Fatalf("robot got %d messages", rr.count())
			}
			got := mail.received()
			if len(got) != 1 || !strings.Contains(got[0].To, "zhang@example.gov.cn") {
				t.Fatalf("mail got %+v", got)
			}
			plain := base64.StdEncoding.EncodeToString([]byte("\x00mailer\x00pw-secret-9"))
			if len(mail.auths) != 1 || !strings.Contains(mail.auths[0], plain) {
				t.Fatalf("smtp auth = %v, want the opened password", mail.auths)
			}
		})
		t.Run("DisabledRobotSendsNothing", func(t *testing.T) {
			if err := ch.UpdateRobot(ctx, id, notify.RobotInput{Kind: notify.RobotDingTalk, Name: "督查群"}); err != nil {
				t.Fatal(err)
			}
			if err := ch.TestRobot(ctx, id, "x", "y"); !errors.Is(err, notify.ErrChannelOff) {
				t.Fatalf("TestRobot on a disabled robot = %v", err)
			}
			f.enqueue(t, notify.Delivery{Channel: notify.ChannelRobot, Target: "督查群", Subject: "催办", Key: "late:1"})
			if sent, failed := drain(t, f); sent != 0 || failed != 1 || rr.count() != 1 {
				t.Fatalf("drain sent %d failed %d, robot has %d; want nothing sent", sent, failed, rr.count())
			}
		})
		t.Run("ReenabledWithANewURLTakesTheWaitingMessage", func(t *testing.T) {
			f.clock.Advance(5 * time.Minute)
			rr2 := &robotReceiver{kind: notify.RobotDingTalk, secret: "SECsign-777", now: f.clock.Now()}
			srv2 := httptest.NewServer(rr2)
			defer srv2.Close()
			if err := ch.UpdateRobot(ctx, id, notify.RobotInput{Kind: notify.RobotDingTalk, Name: "督查群",
				URL: srv2.URL + "/robot/send?access_token=tok", Enabled: true}); err != nil {
				t.Fatal(err)
			}
			if sent, _ := drain(t, f); sent != 1 || rr2.count() != 1 || rr.count() != 1 {
				t.Fatalf("sent %d; new robot %d, old robot %d", sent, rr2.count(), rr.count())
			}
		})
		t.Run("DeletedRobotIsGone", func(t *testing.T) {
			if err := ch.DeleteRobot(ctx, id); err != nil {
				t.Fatal(err)
			}
			if _, err := ch.Robot(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("Robot after delete = %v", err)
			}
			on, err := notify.EnabledChannels(ctx, db)
			if err != nil || !on.Mail || len(on.Robots) != 0 {
				t.Fatalf("EnabledChannels = %+v, %v", on, err)
			}
		})
	})
}

func TestChannelInputIsValidated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, notify.Config{})
		ch := withChannels(t, f)
		big := strings.Repeat("x", 1<<20)
		good := notify.SMTPInput{Host: "smtp.example.gov.cn", Port: "587", StartTLS: true, Username: "u", From: "a@example.gov.cn", Enabled: true}
		for _, tc := range []struct {
			name  string
			edit  func(*notify.SMTPInput)
			field string
		}{
			{"PortZeroRefused", func(in *notify.SMTPInput) { in.Port = "0" }, "port"},
			{"PortTooHighRefused", func(in *notify.SMTPInput) { in.Port = "70000" }, "port"},
			{"PortNotANumberRefused", func(in *notify.SMTPInput) { in.Port = "25; DROP TABLE users" }, "port"},
			{"HostWithSpaceRefused", func(in *notify.SMTPInput) { in.Host = "smtp example" }, "host"},
			{"HostMegabyteRefused", func(in *notify.SMTPInput) { in.Host = big }, "host"},
			{"HostMissingWhenEnabledRefused", func(in *notify.SMTPInput) { in.Host = "" }, "host"},
			{"FromNotAnAddressRefused", func(in *notify.SMTPInput) { in.From = "<script>@" }, "from"},
			{"UsernameMegabyteRefused", func(in *notify.SMTPInput) { in.Username = big }, "username"},
			{"PasswordMegabyteRefused", func(in *notify.SMTPInput) { in.Password = big }, "password"},
			{"PasswordInClearRefused", func(in *notify.SMTPInput) { in.StartTLS = false }, "starttls"},
		} {
			t.Run("SMTP"+tc.name, func(t *testing.T) {
				in := good
				tc.edit(&in)
				err := ch.SaveSMTP(ctx, in)
				if e := ui.AsErrors(err); e[tc.field] == "" {
					t.Fatalf("SaveSMTP = %v, want an error on %s", err, tc.field)
				}
				if s, _ := ch.SMTP(ctx); !s.UpdatedAt.IsZero() {
					t.Fatalf("refused input was saved: %+v", s)
				}
			})
		}
		goodRobot := notify.RobotInput{Kind: notify.RobotWeCom, Name: "群", URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Enabled: true}
		for _, tc := range []struct {
			name  string
			edit  func(*notify.RobotInput)
			field string
		}{
			{"PlainHTTPRefused", func(in *notify.RobotInput) { in.URL = "http://qyapi.weixin.qq.com/x?key=k" }, "url"},
			{"FTPRefused", func(in *notify.RobotInput) { in.URL = "ftp://example.com/x" }, "url"},
			{"ScriptRefused", func(in *notify.RobotInput) { in.URL = "javascript:alert(1)" }, "url"},
			{"URLMegabyteRefused", func(in *notify.RobotInput) { in.URL = "https://example.com/" + big }, "url"},
			{"URLMissingRefused", func(in *notify.RobotInput) { in.URL = "" }, "url"},
			{"NameMegabyteRefused", func(in *notify.RobotInput) { in.Name = big }, "name"},
			{"NameMissingRefused", func(in *notify.RobotInput) { in.Name = " " }, "name"},
			{"UnknownKindRefused", func(in *notify.RobotInput) { in.Kind = "slack" }, "kind"},
			{"SecretWithSpaceRefused", func(in *notify.RobotInput) { in.Secret = "a b" }, "secret"},
		} {
			t.Run("Robot"+tc.name, func(t *testing.T) {
				in := goodRobot
				tc.edit(&in)
				_, err := ch.CreateRobot(ctx, in)
				if e := ui.AsErrors(err); e[tc.field] == "" {
					t.Fatalf("CreateRobot = %v, want an error on %s", err, tc.field)
				}
				if rs, _ := ch.Robots(ctx); len(rs) != 0 {
					t.Fatalf("refused robot was saved: %+v", rs)
				}
			})
		}
		t.Run("DuplicateNameRefused", func(t *testing.T) {
			if _, err := ch.CreateRobot(ctx, goodRobot); err != nil {
				t.Fatal(err)
			}
			_, err := ch.CreateRobot(ctx, goodRobot)
			if e := ui.AsErrors(err); e["name"] != "notify.channel.err.name_taken" {
				t.Fatalf("second robot of the same name = %v", err)
			}
		})
	})
}
