package portal

import (
	"context"
	"fmt"

	"tongchou/internal/notify"
)

// smsChannel delivers the outbox's SMS messages (notify.ChannelSMS, e.g. an
// appeal's extended time limit) through the gateway set on /admin/portal,
// read on every message so a change needs no restart.
type smsChannel struct{ p *Portal }

// SMSChannel is the sender app gives notify.Service.UseSMS.
func (p *Portal) SMSChannel() notify.SMSSender { return smsChannel{p} }

// SendSMS opens the sealed number and sends text; without a gateway it
// returns notify.ErrChannelOff, and the message waits in the outbox.
func (c smsChannel) SendSMS(ctx context.Context, sealedPhone, text, key string) error {
	cfg, err := c.p.readSettings(ctx, c.p.DB)
	if err != nil {
		return err
	}
	if !cfg.Enabled() {
		return fmt.Errorf("sms gateway: %w", notify.ErrChannelOff)
	}
	phone, err := c.p.Suite.Open(sealedPhone)
	if err != nil {
		return fmt.Errorf("open sms target %s: %w", key, err)
	}
	return c.p.SendSMS(ctx, cfg, string(phone), text)
}
