package notify

import "context"

// SMSSender sends a text message to a sealed phone number (it opens the
// number itself) through a gateway it is configured with, and returns an
// error wrapping ErrChannelOff when no gateway is set. key lets the gateway
// drop a repeat.
type SMSSender interface {
	SendSMS(ctx context.Context, sealedPhone, text, key string) error
}

// UseSMS sets the sender of ChannelSMS deliveries (the public portal's
// gateway settings); without one they wait in the outbox with backoff.
func (s *Service) UseSMS(sender SMSSender) { s.sms = sender }
