package portal

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// APIKey is an Open311 key as the admin page lists it; the key itself is
// shown once, when it is issued, and kept only as its SHA-256.
type APIKey struct {
	ID        int64
	Name      string
	Prefix    string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// keyPrefix marks Tongchou's Open311 keys so a leaked one is recognisable.
const keyPrefix = "o311_"

func hashKey(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:])
}

// IssueKey creates a key named name for an Open311 client (system admin
// only) and returns it: the only time it is shown.
func (p *Portal) IssueKey(ctx context.Context, u *auth.Principal, name string) (string, error) {
	if !u.Has(auth.RoleSysAdmin) {
		return "", ui.ErrForbidden
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n") {
		return "", ui.Errors{"name": "portal.err.key_name"}
	}
	b := make([]byte, 24)
	rand.Read(b)
	key := keyPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := p.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := store.InsertID(ctx, tx, `INSERT INTO open311_keys (name, key_hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?)`,
			name, hashKey(key), key[:len(keyPrefix)+4], p.Now().UTC(), u.ID)
		if err != nil {
			return fmt.Errorf("issue open311 key: %w", err)
		}
		return p.Audit.Record(ctx, tx, audit.Entry{Entity: "open311_key", EntityID: strconv.FormatInt(id, 10), Action: "issue",
			After: map[string]any{"name": name, "prefix": key[:len(keyPrefix)+4]}})
	})
	return key, err
}

// RevokeKey stops key id from working (system admin only).
func (p *Portal) RevokeKey(ctx context.Context, u *auth.Principal, id int64) error {
	if !u.Has(auth.RoleSysAdmin) {
		return ui.ErrForbidden
	}
	return p.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE open311_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, p.Now().UTC(), id)
		if err != nil {
			return fmt.Errorf("revoke open311 key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("open311 key %d: %w", id, store.ErrNotFound)
		}
		return p.Audit.Record(ctx, tx, audit.Entry{Entity: "open311_key", EntityID: strconv.FormatInt(id, 10), Action: "revoke"})
	})
}

// Keys lists every key, newest first.
func (p *Portal) Keys(ctx context.Context) ([]APIKey, error) {
	rows, err := p.DB.Query(ctx, `SELECT id, name, prefix, created_at, revoked_at FROM open311_keys ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("open311 keys: %w", err)
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		var k APIKey
		var rev sql.NullTime
		if err := rows.Scan(&k.ID, &k.Name, &k.Prefix, &k.CreatedAt, &rev); err != nil {
			return nil, err
		}
		if rev.Valid {
			k.RevokedAt = &rev.Time
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// errBadKey is a missing, unknown or revoked API key.
var errBadKey = errors.New("api key not valid")

// keyID returns the id of the live key k.
func (p *Portal) keyID(ctx context.Context, k string) (int64, error) {
	if k == "" || len(k) > 100 {
		return 0, errBadKey
	}
	var id int64
	err := p.DB.QueryRow(ctx, `SELECT id FROM open311_keys WHERE key_hash = ? AND revoked_at IS NULL`, hashKey(k)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errBadKey
	}
	return id, err
}
