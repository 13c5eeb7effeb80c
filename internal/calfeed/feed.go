package calfeed

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/task"
)

// secretBytes is the feed secret's entropy: 160 bits, above the 128 the
// issue asks for, so a secret cannot be guessed.
const secretBytes = 20

// Store keeps the feed secrets (as keyed hashes) and builds the feeds.
type Store struct {
	db    *store.DB
	audit *audit.Log
	suite crypt.Suite
	now   func() time.Time
	tasks *task.Store
}

// New returns a Store.
func New(db *store.DB, log *audit.Log, suite crypt.Suite, now func() time.Time) *Store {
	return &Store{db: db, audit: log, suite: suite, now: now, tasks: task.New(db, log, now)}
}

// Feed is a user's feed as the account page shows it (never the secret).
type Feed struct {
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// Status returns p's feed, or nil when p has none.
func (s *Store) Status(ctx context.Context, p *auth.Principal) (*Feed, error) {
	var f Feed
	err := s.db.QueryRow(ctx, `SELECT prefix, created_at, last_used_at FROM calfeed_tokens WHERE user_id = ?`, p.ID).
		Scan(&f.Prefix, &f.CreatedAt, &f.LastUsedAt)
	if errors.Is(store.NotFound(err, "feed"), store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed status: %w", err)
	}
	return &f, nil
}

// Rotate creates p's feed secret, replacing any earlier one (which stops
// working at once), and returns it: it is shown once and stored only as a
// keyed hash.
func (s *Store) Rotate(ctx context.Context, p *auth.Principal) (string, error) {
	raw := make([]byte, secretBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("feed secret: %w", err)
	}
	secret := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	now := s.now().UTC()
	return secret, s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM calfeed_tokens WHERE user_id = ?`, p.ID); err != nil {
			return fmt.Errorf("replace feed: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calfeed_tokens (user_id, secret_hash, prefix, created_at) VALUES (?, ?, ?, ?)`,
			p.ID, s.suite.MAC([]byte(secret)), secret[:6], now); err != nil {
			return fmt.Errorf("create feed: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "calfeed", EntityID: strconv.FormatInt(p.ID, 10), Action: "rotate",
			After: map[string]any{"prefix": secret[:6]}})
	})
}

// Revoke deletes p's feed; the URL answers 404 from then on. A user
// without a feed gets store.ErrNotFound.
func (s *Store) Revoke(ctx context.Context, p *auth.Principal) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM calfeed_tokens WHERE user_id = ?`, p.ID)
		if err != nil {
			return fmt.Errorf("revoke feed: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("feed of user %d: %w", p.ID, store.ErrNotFound)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "calfeed", EntityID: strconv.FormatInt(p.ID, 10), Action: "revoke"})
	})
}

// Owner returns the user a secret belongs to, loaded with roles and units
// as they are now; an unknown secret or a disabled owner is
// store.ErrNotFound.
func (s *Store) Owner(ctx context.Context, secret string) (*auth.Principal, error) {
	if len(secret) < 16 || len(secret) > 64 {
		return nil, store.ErrNotFound
	}
	var user int64
	var last *time.Time
	err := s.db.QueryRow(ctx, `SELECT user_id, last_used_at FROM calfeed_tokens WHERE secret_hash = ?`,
		s.suite.MAC([]byte(secret))).Scan(&user, &last)
	if err := store.NotFound(err, "feed"); err != nil {
		return nil, err
	}
	p, err := auth.LoadPrincipal(ctx, s.db, user)
	if err != nil {
		return nil, err
	}
	// Last use is kept to the hour: calendar clients poll often.
	now := s.now().UTC()
	if last == nil || now.Sub(*last) >= time.Hour {
		if _, err := s.db.Exec(ctx, `UPDATE calfeed_tokens SET last_used_at = ? WHERE user_id = ?`, now, user); err != nil {
			return nil, fmt.Errorf("feed last use: %w", err)
		}
	}
	return p, nil
}
