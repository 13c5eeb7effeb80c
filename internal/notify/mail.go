package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"time"
)

// Send mails body to one address over SMTP. The Message-ID is derived from
// key, so a repeat of the same delivery carries the same id and mail systems
// that drop duplicates drop it.
func (c SMTPConfig) Send(ctx context.Context, to, subject, body, key string, now time.Time) error {
	if c.Host == "" || c.From == "" {
		return errors.New("mail is not configured")
	}
	msg, from, err := c.message(to, subject, body, key, now)
	if err != nil {
		return err
	}
	port := c.Port
	if port == 0 {
		port = 25
	}
	d := net.Dialer{Timeout: 15 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(c.Host, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(time.Minute))
	}
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer cl.Close()
	if err := c.secure(cl); err != nil {
		return err
	}
	if err := cl.Mail(from); err != nil {
		return fmt.Errorf("smtp MAIL: %w", err)
	}
	if err := cl.Rcpt(to); err != nil {
		return fmt.Errorf("smtp RCPT: %w", err)
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp end of data: %w", err)
	}
	return cl.Quit()
}

// secure upgrades to TLS when configured (refusing a server without it) and
// authenticates; net/smtp's PLAIN auth itself refuses to send a password over
// an unencrypted connection to anything but localhost.
func (c SMTPConfig) secure(cl *smtp.Client) error {
	if c.StartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return errors.New("smtp server does not offer STARTTLS")
		}
		cfg := c.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
		}
		if err := cl.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp STARTTLS: %w", err)
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return fmt.Errorf("smtp AUTH: %w", err)
		}
	}
	return nil
}

// message builds the RFC 5322 message: the subject as an RFC 2047 encoded
// word (Chinese survives every server), the body UTF-8 in base64.
func (c SMTPConfig) message(to, subject, body, key string, now time.Time) ([]byte, string, error) {
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, "", fmt.Errorf("mail from %q: %w", c.From, err)
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return nil, "", fmt.Errorf("mail to %q: %w", to, err)
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", rcpt.String())
	header("Subject", mime.BEncoding.Encode("UTF-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", MessageID(key, from.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes(), from.Address, nil
}

// MessageID derives the Message-ID from the idempotency key and the sender's
// domain: the same key always gives the same id.
func MessageID(key, fromAddress string) string {
	sum := sha256.Sum256([]byte(key))
	domain := "tongchou.invalid"
	if at := bytes.LastIndexByte([]byte(fromAddress), '@'); at >= 0 && at < len(fromAddress)-1 {
		domain = fromAddress[at+1:]
	}
	return "<" + hex.EncodeToString(sum[:16]) + "@" + domain + ">"
}
