package notify_test

import (
	"context"
	"testing"
	"time"

	"tongchou/internal/notify"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

type fakeSMS struct{ got []notify.Delivery }

func (s *fakeSMS) SendSMS(ctx context.Context, sealed, text, key string) error {
	s.got = append(s.got, notify.Delivery{Target: sealed, Body: text, Key: key})
	return nil
}

// TestSMSWaitsForAGatewayThenGoesOnce: an SMS queued before any gateway is
// set fails and waits; once a sender is set it goes out once, with the
// sealed target, text and key as queued.
func TestSMSWaitsForAGatewayThenGoesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, notify.Config{})
		d := notify.Delivery{Channel: notify.ChannelSMS, Target: "sealed-phone", Subject: "诉求延期", Body: "办理期限延长至3月5日", Key: "appeal-ext:1:2"}
		if !f.enqueue(t, d) {
			t.Fatal("enqueue created nothing")
		}
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			_, err := notify.Enqueue(context.Background(), tx, f.clock.Now(), notify.Delivery{Channel: notify.ChannelSMS, Subject: "x", Key: "no-target"})
			return err
		})
		if err == nil {
			t.Fatal("an SMS without a target was queued")
		}
		if sent, failed := drain(t, f); sent != 0 || failed != 1 {
			t.Fatalf("without a gateway: sent %d failed %d, want 0 and 1", sent, failed)
		}
		sms := &fakeSMS{}
		f.svc.UseSMS(sms)
		f.clock.Advance(time.Minute)
		if sent, failed := drain(t, f); sent != 1 || failed != 0 {
			t.Fatalf("with a gateway: sent %d failed %d", sent, failed)
		}
		f.clock.Advance(time.Hour)
		drain(t, f)
		if len(sms.got) != 1 || sms.got[0].Target != d.Target || sms.got[0].Body != d.Body || sms.got[0].Key != d.Key {
			t.Fatalf("gateway got %+v, want the queued message once", sms.got)
		}
	})
}
