package notify

import (
	"context"
	"maps"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// UseChannels makes the delivery job read the admin's channel settings from
// the database on every run, so a change applies without a restart. They
// take precedence over the static Config: an enabled SMTP server replaces
// Config.SMTP, a robot replaces the Config robot of the same name, and a
// disabled robot sends nothing.
func (s *Service) UseChannels(c *Channels) { s.chans = c }

// current is the configuration for one drain.
func (s *Service) current(ctx context.Context) (Config, error) {
	cfg := s.cfg
	cfg.Robots = maps.Clone(s.cfg.Robots)
	if s.chans == nil {
		return cfg, nil
	}
	mail, robots, disabled, err := s.chans.Load(ctx)
	if err != nil {
		return cfg, err
	}
	if mail.Host != "" {
		mail.TLS = cfg.SMTP.TLS
		cfg.SMTP = mail
	}
	if cfg.Robots == nil {
		cfg.Robots = map[string]Robot{}
	}
	maps.Copy(cfg.Robots, robots)
	for _, name := range disabled {
		delete(cfg.Robots, name)
	}
	return cfg, nil
}

// Test messages are queued under a key unique to the click, so each click
// sends one message.
func (c *Channels) testKey(what string) string {
	return "channel.test:" + what + ":" + strconv.FormatInt(c.now().UnixNano(), 10)
}

// TestMail queues one test message to the address to. It answers
// ErrChannelOff when mail is not enabled.
func (c *Channels) TestMail(ctx context.Context, to, subject, body string) error {
	return c.db.InTx(ctx, func(tx *store.Tx) error {
		s, err := getSMTP(ctx, tx)
		if err != nil {
			return err
		}
		if !s.Enabled {
			return ErrChannelOff
		}
		key := c.testKey("email")
		if _, err := Enqueue(ctx, tx, c.now(), Delivery{Channel: ChannelEmail, Target: to, Subject: subject, Body: body, Key: key}); err != nil {
			return err
		}
		return c.audit.Record(ctx, tx, audit.Entry{Entity: "notify_smtp", EntityID: "1", Action: "test",
			After: map[string]any{"to": audit.MaskEmail(to), "key": key}})
	})
}

// TestRobot queues one test message to robot id. It answers ErrChannelOff
// when the robot is disabled.
func (c *Channels) TestRobot(ctx context.Context, id int64, subject, body string) error {
	return c.db.InTx(ctx, func(tx *store.Tx) error {
		r, err := c.robotRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Enabled {
			return ErrChannelOff
		}
		key := c.testKey("robot:" + strconv.FormatInt(id, 10))
		if _, err := Enqueue(ctx, tx, c.now(), Delivery{Channel: ChannelRobot, Target: r.Name, Subject: subject, Body: body, Key: key}); err != nil {
			return err
		}
		return c.audit.Record(ctx, tx, audit.Entry{Entity: "notify_robot", EntityID: strconv.FormatInt(id, 10), Action: "test",
			After: map[string]any{"name": r.Name, "key": key}})
	})
}
