package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"tongchou/internal/notify/jobs"
	"tongchou/internal/store"
)

// Delivery tuning.
const (
	// MaxAttempts is how often a delivery is tried before it is given up.
	MaxAttempts = 10
	// sendLease is how long a claimed delivery is held: a worker that dies
	// while sending leaves it to be retried after this (at least once).
	sendLease = 10 * time.Minute
	// drainBatch bounds one drain so a long outbox does not hold the job.
	drainBatch = 200
	// DeliverJob is the job that drains the outbox.
	DeliverJob = "notify.deliver"
)

// Backoff is the wait after the attempts-th failed attempt: 1, 2, 4 … minutes,
// at most 6 hours.
func Backoff(attempts int) time.Duration {
	d := time.Minute
	for i := 1; i < attempts && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// Register adds the delivery job to the scheduler.
func (s *Service) Register(sch *jobs.Scheduler) {
	sch.Register(DeliverJob, jobs.Every(time.Minute), func(ctx context.Context, _ jobs.Run) error {
		_, failed, err := s.Drain(ctx)
		if err == nil && failed > 0 {
			err = fmt.Errorf("%d deliveries failed and wait for a retry", failed)
		}
		return err
	})
}

type pending struct {
	id       int64
	d        Delivery
	attempts int
}

// Drain sends the due deliveries and returns how many went out and failed.
func (s *Service) Drain(ctx context.Context) (sent, failed int, err error) {
	cfg, err := s.current(ctx)
	if err != nil {
		return 0, 0, err
	}
	for range drainBatch {
		p, ok, err := s.claimDelivery(ctx)
		if err != nil || !ok {
			return sent, failed, err
		}
		sendErr := s.send(ctx, cfg, p.d)
		if err := s.recordAttempt(context.WithoutCancel(ctx), p, sendErr); err != nil {
			return sent, failed, err
		}
		if sendErr != nil {
			slog.Warn("notify: delivery failed", "channel", p.d.Channel, "key", p.d.Key, "attempt", p.attempts, "err", sendErr)
			failed++
		} else {
			sent++
		}
	}
	return sent, failed, nil
}

// claimDelivery takes the earliest due delivery, moving its next attempt a
// lease ahead in the same atomic UPDATE so no other worker sends it meanwhile
// (the conditions are repeated outside the subquery for PostgreSQL's
// re-check, as in jobs' claim).
func (s *Service) claimDelivery(ctx context.Context) (pending, bool, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var p pending
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `UPDATE notify_outbox SET attempts = attempts + 1, next_attempt_at = ?
			WHERE id = (SELECT id FROM notify_outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?
				ORDER BY next_attempt_at, id LIMIT 1)
			AND delivered_at IS NULL AND next_attempt_at <= ?
			RETURNING id, channel, target, subject, body, link, idempotency_key, attempts`,
			now.Add(sendLease), now, now).Scan(&p.id, &p.d.Channel, &p.d.Target, &p.d.Subject, &p.d.Body, &p.d.Link, &p.d.Key, &p.attempts)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("claim delivery: %w", err)
	}
	return p, true, nil
}

// recordAttempt marks p delivered, or schedules its retry, or gives it up.
func (s *Service) recordAttempt(ctx context.Context, p pending, sendErr error) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	var err error
	switch {
	case sendErr == nil:
		_, err = s.db.Exec(ctx, `UPDATE notify_outbox SET delivered_at = ?, next_attempt_at = NULL, last_error = '' WHERE id = ?`, now, p.id)
	case p.attempts >= MaxAttempts:
		_, err = s.db.Exec(ctx, `UPDATE notify_outbox SET next_attempt_at = NULL, last_error = ? WHERE id = ?`,
			truncate(sendErr.Error(), 1000), p.id)
	default:
		_, err = s.db.Exec(ctx, `UPDATE notify_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?`,
			now.Add(Backoff(p.attempts)), truncate(sendErr.Error(), 1000), p.id)
	}
	if err != nil {
		return fmt.Errorf("record delivery %d: %w", p.id, err)
	}
	return nil
}

// send delivers d on its channel.
func (s *Service) send(ctx context.Context, cfg Config, d Delivery) error {
	link := ""
	if d.Link != "" && cfg.BaseURL != "" {
		link = cfg.BaseURL + d.Link
	}
	switch d.Channel {
	case ChannelEmail:
		return cfg.SMTP.Send(ctx, d.Target, d.Subject, withLink(d.Body, link), d.Key, s.now())
	case ChannelRobot:
		r, ok := cfg.Robots[d.Target]
		if !ok {
			return fmt.Errorf("robot %q is not configured", d.Target)
		}
		return r.Send(ctx, s.client, Message{Title: d.Subject, Body: d.Body, Link: link, Key: d.Key}, s.now())
	case ChannelSMS:
		if s.sms == nil {
			return fmt.Errorf("sms: %w", ErrChannelOff)
		}
		return s.sms.SendSMS(ctx, d.Target, d.Body, d.Key)
	}
	return fmt.Errorf("unknown channel %q", d.Channel)
}

func withLink(body, link string) string {
	if link == "" {
		return body
	}
	return body + "\n\n" + link
}
