package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// SMSConfig is the generic HTTP SMS gateway: Tongchou POSTs
// {"phone": "13800138000", "message": "…"} as JSON to URL, with
// "Authorization: Bearer <Token>" when a token is set, and counts any 2xx
// answer as sent. Most commercial gateways and the in-house ones of
// government clouds accept this shape or sit behind a small adapter that
// does. OfficePhone is shown when no gateway is configured.
type SMSConfig struct {
	URL         string
	Token       string // kept sealed in portal_settings
	OfficePhone string
}

// Enabled reports whether a gateway is configured.
func (c SMSConfig) Enabled() bool { return c.URL != "" }

// ErrSMS is a gateway that did not accept a message.
var ErrSMS = errors.New("sms gateway refused the message")

// readSettings returns the stored portal settings.
func (p *Portal) readSettings(ctx context.Context, q store.Querier) (SMSConfig, error) {
	rows, err := q.Query(ctx, `SELECT key, value FROM portal_settings`)
	if err != nil {
		return SMSConfig{}, fmt.Errorf("portal settings: %w", err)
	}
	defer rows.Close()
	var c SMSConfig
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return c, err
		}
		switch k {
		case "sms_url":
			c.URL = v
		case "sms_token":
			if b, err := p.Suite.Open(v); err == nil {
				c.Token = string(b)
			}
		case "office_phone":
			c.OfficePhone = v
		}
	}
	return c, rows.Err()
}

// validGatewayURL accepts an absolute http(s) URL or "".
func validGatewayURL(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 500
}

// saveSettings stores c; an empty token keeps the one stored (the page never
// shows it back). Audited without the token.
func (p *Portal) saveSettings(ctx context.Context, c SMSConfig, keepToken bool) error {
	sealed := ""
	if c.Token != "" {
		s, err := p.Suite.Seal([]byte(c.Token))
		if err != nil {
			return fmt.Errorf("seal sms token: %w", err)
		}
		sealed = s
	}
	return p.DB.InTx(ctx, func(tx *store.Tx) error {
		set := map[string]string{"sms_url": c.URL, "office_phone": c.OfficePhone}
		if !keepToken {
			set["sms_token"] = sealed
		}
		for k, v := range set {
			if _, err := tx.Exec(ctx, `INSERT INTO portal_settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return fmt.Errorf("save portal setting %s: %w", k, err)
			}
		}
		return p.Audit.Record(ctx, tx, audit.Entry{Entity: "portal_settings", EntityID: "sms", Action: "update",
			After: map[string]any{"sms_url": c.URL, "office_phone": c.OfficePhone, "token_changed": !keepToken}})
	})
}

// SendSMS sends message to phone through the configured gateway.
func (p *Portal) SendSMS(ctx context.Context, c SMSConfig, phone, message string) error {
	if !c.Enabled() {
		return fmt.Errorf("no sms gateway: %w", ErrSMS)
	}
	body, _ := json.Marshal(map[string]string{"phone": phone, "message": message})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := p.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sms gateway answered %s: %w", strings.TrimSpace(resp.Status), ErrSMS)
	}
	return nil
}
