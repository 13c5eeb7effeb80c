package notify_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"tongchou/internal/notify"
	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempts int
		want     time.Duration
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {9, 256 * time.Minute}, {10, 6 * time.Hour}, {50, 6 * time.Hour}} {
		if got := notify.Backoff(tc.attempts); got != tc.want {
			t.Errorf("Backoff(%d) = %v, want %v", tc.attempts, got, tc.want)
		}
	}
}

type channels struct {
	smtp                *smtpd
	ding, wecom, feishu *robotReceiver
	cfg                 notify.Config
}

func startChannels(t *testing.T, now time.Time) *channels {
	c := &channels{smtp: startSMTPD(t),
		ding:   &robotReceiver{kind: notify.RobotDingTalk, secret: "SECd", now: now},
		wecom:  &robotReceiver{kind: notify.RobotWeCom, now: now, fail: 2},
		feishu: &robotReceiver{kind: notify.RobotFeishu, secret: "fs", now: now}}
	url := func(h *robotReceiver, q string) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv.URL + "/hook" + q
	}
	c.cfg = notify.Config{BaseURL: "https://tc.example",
		SMTP: notify.SMTPConfig{Host: "127.0.0.1", Port: c.smtp.port(), From: "统筹 <tc@hexi.example>"},
		Robots: map[string]notify.Robot{
			"督查群":  {Kind: notify.RobotDingTalk, URL: url(c.ding, "?access_token=tok"), Secret: "SECd"},
			"教育局群": {Kind: notify.RobotWeCom, URL: url(c.wecom, "?key=k-1")},
			"领导群":  {Kind: notify.RobotFeishu, URL: url(c.feishu, ""), Secret: "fs"},
		}}
	return c
}

func drain(t *testing.T, f *fixture) (int, int) {
	t.Helper()
	sent, failed, err := f.svc.Drain(context.Background())
	if err != nil {
		t.Fatalf("drain: %v", err)
	}
	return sent, failed
}

func TestOutboxDeliversOnceWithBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)
		ch := startChannels(t, now)
		f := newFixture(t, db, ch.cfg)
		for _, d := range []notify.Delivery{
			{Channel: notify.ChannelEmail, Target: "jiaoyu@hexi.example", Subject: "【催办】任务逾期", Body: "请报送", Link: "/tasks/7", Key: "mail:7"},
			{Channel: notify.ChannelRobot, Target: "督查群", Subject: "【督办】任务逾期", Body: "请督办", Link: "/tasks/7", Key: "ding:7"},
			{Channel: notify.ChannelRobot, Target: "教育局群", Subject: "【催办】任务逾期", Body: "请报送", Key: "wecom:7"},
			{Channel: notify.ChannelRobot, Target: "领导群", Subject: "【督办】任务逾期", Body: "请关注", Key: "feishu:7"},
		} {
			if !f.enqueue(t, d) {
				t.Fatalf("enqueue %s created nothing", d.Key)
			}
		}
		if f.enqueue(t, notify.Delivery{Channel: notify.ChannelEmail, Target: "jiaoyu@hexi.example", Subject: "again", Key: "mail:7"}) {
			t.Fatal("the same key was queued twice")
		}
		if sent, failed := drain(t, f); sent != 3 || failed != 1 {
			t.Fatalf("first drain sent %d failed %d, want 3 and the flaky WeCom robot", sent, failed)
		}
		if len(ch.smtp.received()) != 1 || ch.ding.count() != 1 || ch.feishu.count() != 1 || ch.wecom.count() != 0 {
			t.Fatalf("received: mail %d ding %d feishu %d wecom %d", len(ch.smtp.received()), ch.ding.count(), ch.feishu.count(), ch.wecom.count())
		}
		if sent, failed := drain(t, f); sent+failed != 0 {
			t.Fatalf("drain before the backoff ran out sent %d failed %d", sent, failed)
		}
		f.clock.Advance(time.Minute) // first backoff
		if _, failed := drain(t, f); failed != 1 {
			t.Fatalf("second attempt failed %d, want 1", failed)
		}
		f.clock.Advance(time.Minute) // second backoff is 2 minutes: not yet
		if sent, failed := drain(t, f); sent+failed != 0 {
			t.Fatal("retried before the doubled backoff")
		}
		f.clock.Advance(time.Minute)
		if sent, _ := drain(t, f); sent != 1 || ch.wecom.count() != 1 || ch.wecom.keys[0] != "wecom:7" {
			t.Fatalf("third attempt sent %d, wecom got %d", sent, ch.wecom.count())
		}
		counts, entries, err := f.svc.Outbox(context.Background(), 10)
		if err != nil || counts != (notify.OutboxCounts{Delivered: 4}) || len(entries) != 4 {
			t.Fatalf("outbox = %+v, %d entries, %v", counts, len(entries), err)
		}
		for _, e := range entries {
			if e.Key == "wecom:7" && (e.Attempts != 3 || e.State() != "delivered") {
				t.Fatalf("wecom entry = %+v", e)
			}
		}
		// Delivered once: a later drain and a later enqueue of the same key send nothing.
		f.clock.Advance(24 * time.Hour)
		f.enqueue(t, notify.Delivery{Channel: notify.ChannelRobot, Target: "督查群", Subject: "again", Key: "ding:7"})
		if sent, failed := drain(t, f); sent+failed != 0 || ch.ding.count() != 1 {
			t.Fatal("a delivered message went out again")
		}
	})
}

func TestOutboxGivesUpAfterMaxAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, notify.Config{})
		f.enqueue(t, notify.Delivery{Channel: notify.ChannelRobot, Target: "没有配置的群", Subject: "s", Key: "nowhere"})
		for range notify.MaxAttempts + 3 {
			drain(t, f)
			f.clock.Advance(7 * time.Hour)
		}
		counts, entries, err := f.svc.Outbox(context.Background(), 10)
		if err != nil || counts.Failed != 1 || entries[0].Attempts != notify.MaxAttempts || entries[0].LastError == "" {
			t.Fatalf("outbox = %+v %+v %v", counts, entries, err)
		}
	})
}

func TestEnqueueRefusesBadDeliveries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, notify.Config{})
		for _, d := range []notify.Delivery{
			{Channel: notify.ChannelEmail, Target: "not an address", Subject: "s", Key: "a"},
			{Channel: notify.ChannelEmail, Target: "a@b.example", Subject: "s"},
			{Channel: notify.ChannelRobot, Target: "", Subject: "s", Key: "b"},
			{Channel: "fax", Target: "x", Subject: "s", Key: "c"},
		} {
			err := db.InTx(context.Background(), func(tx *store.Tx) error {
				_, err := notify.Enqueue(context.Background(), tx, f.clock.Now(), d)
				return err
			})
			if err == nil {
				t.Errorf("enqueued %+v", d)
			}
		}
	})
}

func TestDeliverJobRunsFromTheScheduler(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)
		ch := startChannels(t, now)
		f := newFixture(t, db, ch.cfg)
		sch := jobs.New(db, f.clock.Now)
		f.svc.Register(sch)
		if err := sch.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.enqueue(t, notify.Delivery{Channel: notify.ChannelRobot, Target: "领导群", Subject: "【督办】", Key: "job:1"})
		if n, err := sch.RunDue(context.Background()); err != nil || n != 1 || ch.feishu.count() != 1 {
			t.Fatalf("RunDue = %d, %v; feishu got %d", n, err, ch.feishu.count())
		}
		all, _ := jobs.List(context.Background(), db)
		if len(all) != 1 || all[0].Name != notify.DeliverJob || all[0].LastOutcome != "ok" {
			t.Fatalf("jobs = %+v", all)
		}
	})
}
