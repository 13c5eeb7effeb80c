package auth

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// tokenPrefix marks Tongchou tokens so that a leaked one is recognisable in logs and scanners.
const tokenPrefix = "tc_"

// ErrBadToken is returned for a missing, unknown, revoked or expired token.
var ErrBadToken = errors.New("api.bad_token")

// Token is a personal API token as its owner sees it (never the secret).
type Token struct {
	ID         int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Active reports whether the token can still be used at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}

// CreateToken makes a token for p that expires after days (0: never) and
// returns its secret, which is shown once and stored only as a keyed hash.
func (s *Service) CreateToken(ctx context.Context, p *Principal, name string, days int) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", ui.Errors{"name": "form.required"}
	case utf8.RuneCountInString(name) > 64:
		return "", ui.Errors{"name": "form.too_long"}
	case days < 0 || days > 3650:
		return "", ui.Errors{"days": "api.token_days"}
	}
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	secret := tokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	now := s.now().UTC()
	var expires *time.Time
	if days > 0 {
		e := now.AddDate(0, 0, days)
		expires = &e
	}
	return secret, s.db.InTx(ctx, func(tx *store.Tx) error {
		id, err := store.InsertID(ctx, tx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.ID, name, s.suite.MAC([]byte(secret)), secret[:7], now, expires)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "api_token", EntityID: strconv.FormatInt(id, 10), Action: "create",
			After: map[string]any{"name": name, "prefix": secret[:7], "expires_at": expires}})
	})
}

// Tokens lists p's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, p *Principal) ([]Token, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, p.ID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
			return nil, fmt.Errorf("scan token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of p's own tokens; another user's token is not found.
func (s *Service) RevokeToken(ctx context.Context, p *Principal, id int64) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
			s.now().UTC(), id, p.ID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("token %d: %w", id, store.ErrNotFound)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "api_token", EntityID: strconv.FormatInt(id, 10), Action: "revoke"})
	})
}

// PrincipalForToken returns the owner of an active token.
func (s *Service) PrincipalForToken(ctx context.Context, secret string) (*Principal, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, ErrBadToken
	}
	var t Token
	var userID int64
	err := s.db.QueryRow(ctx, `SELECT id, user_id, expires_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = ?`,
		s.suite.MAC([]byte(secret))).Scan(&t.ID, &userID, &t.ExpiresAt, &t.LastUsedAt, &t.RevokedAt)
	if errors.Is(store.NotFound(err, "token"), store.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("look up token: %w", err)
	}
	now := s.now().UTC()
	if !t.Active(now) {
		return nil, ErrBadToken
	}
	p, err := LoadPrincipal(ctx, s.db, userID)
	if errors.Is(err, store.ErrNotFound) { // the owner was disabled
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	// Last use is kept to the minute so that API traffic does not write on every call.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if _, err := s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID); err != nil {
			return nil, fmt.Errorf("token last use: %w", err)
		}
	}
	return p, nil
}
