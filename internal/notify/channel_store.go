package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Channels keeps the outside channels the system admin configures: the SMTP
// server and the group robots, secrets sealed with the crypto suite.
type Channels struct {
	db    *store.DB
	audit *audit.Log
	suite crypt.Suite
	now   func() time.Time
}

// NewChannels returns the channel settings store.
func NewChannels(db *store.DB, log *audit.Log, suite crypt.Suite, now func() time.Time) *Channels {
	return &Channels{db: db, audit: log, suite: suite, now: now}
}

// smtpRow is the SMTP settings row (id 1) with the password still sealed.
type smtpRow struct {
	SMTPSettings
	sealed string
}

func getSMTP(ctx context.Context, q store.Querier) (smtpRow, error) {
	var r smtpRow
	err := q.QueryRow(ctx, `SELECT host, port, starttls, username, password_sealed, from_addr, enabled, updated_at
		FROM notify_smtp WHERE id = 1`).Scan(&r.Host, &r.Port, &r.StartTLS, &r.Username, &r.sealed, &r.From, &r.Enabled, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return smtpRow{SMTPSettings: SMTPSettings{Port: 25, StartTLS: true}}, nil
	}
	if err != nil {
		return r, fmt.Errorf("read smtp settings: %w", err)
	}
	r.PasswordSet = r.sealed != ""
	return r, nil
}

// SMTP returns the mail server settings (defaults when never saved).
func (c *Channels) SMTP(ctx context.Context) (SMTPSettings, error) {
	r, err := getSMTP(ctx, c.db)
	return r.SMTPSettings, err
}

// SaveSMTP validates in and stores it; invalid input returns ui.Errors and
// changes nothing.
func (c *Channels) SaveSMTP(ctx context.Context, in SMTPInput) error {
	port, errs := in.validate()
	if len(errs) > 0 {
		return errs
	}
	return c.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := getSMTP(ctx, tx)
		if err != nil {
			return err
		}
		sealed := before.sealed
		switch {
		case in.ClearPassword:
			sealed = ""
		case in.Password != "":
			if sealed, err = c.suite.Seal([]byte(in.Password)); err != nil {
				return fmt.Errorf("seal smtp password: %w", err)
			}
		}
		after := SMTPSettings{Host: in.Host, Port: port, StartTLS: in.StartTLS, Username: in.Username, From: in.From,
			Enabled: in.Enabled, PasswordSet: sealed != ""}
		if _, err := tx.Exec(ctx, `INSERT INTO notify_smtp (id, host, port, starttls, username, password_sealed, from_addr, enabled, updated_at)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port,
			starttls = excluded.starttls, username = excluded.username, password_sealed = excluded.password_sealed,
			from_addr = excluded.from_addr, enabled = excluded.enabled, updated_at = excluded.updated_at`,
			after.Host, after.Port, after.StartTLS, after.Username, sealed, after.From, after.Enabled, c.now().UTC()); err != nil {
			return fmt.Errorf("save smtp settings: %w", err)
		}
		var b any
		if !before.UpdatedAt.IsZero() {
			b = smtpAudit(before.SMTPSettings, before.sealed != "" && sealed != before.sealed)
		}
		return c.audit.Record(ctx, tx, audit.Entry{Entity: "notify_smtp", EntityID: "1", Action: "update",
			Before: b, After: smtpAudit(after, false)})
	})
}

// smtpAudit is the audit view of the SMTP settings: the password only as
// set or not (and whether it was replaced), never its value.
func smtpAudit(s SMTPSettings, replaced bool) map[string]any {
	pw := ""
	if s.PasswordSet {
		pw = "***"
	}
	if replaced {
		pw = "*** (replaced)"
	}
	return map[string]any{"host": s.Host, "port": s.Port, "starttls": s.StartTLS, "username": s.Username,
		"from": s.From, "enabled": s.Enabled, "password": pw}
}

// robotRow is a robot with its URL and secret still sealed.
type robotRow struct {
	RobotSettings
	url, secret string
}

const robotCols = `SELECT id, kind, name, url_sealed, secret_sealed, enabled FROM notify_robots`

func scanRobot(s interface{ Scan(...any) error }) (robotRow, error) {
	var r robotRow
	err := s.Scan(&r.ID, &r.Kind, &r.Name, &r.url, &r.secret, &r.Enabled)
	r.SecretSet = r.secret != ""
	return r, err
}

func (c *Channels) robotRows(ctx context.Context, q store.Querier) ([]robotRow, error) {
	rows, err := q.Query(ctx, robotCols+` ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list robots: %w", err)
	}
	defer rows.Close()
	var out []robotRow
	for rows.Next() {
		r, err := scanRobot(rows)
		if err != nil {
			return nil, fmt.Errorf("scan robot: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (c *Channels) robotRow(ctx context.Context, q store.Querier, id int64) (robotRow, error) {
	r, err := scanRobot(q.QueryRow(ctx, robotCols+` WHERE id = ?`, id))
	return r, store.NotFound(err, "robot")
}

// hint opens the sealed URL to show its scheme and host.
func (c *Channels) hint(r *robotRow) {
	if raw, err := c.suite.Open(r.url); err == nil {
		r.URLHint = urlHint(string(raw))
	}
}

// Robots lists the robots by name.
func (c *Channels) Robots(ctx context.Context) ([]RobotSettings, error) {
	rows, err := c.robotRows(ctx, c.db)
	out := make([]RobotSettings, len(rows))
	for i := range rows {
		c.hint(&rows[i])
		out[i] = rows[i].RobotSettings
	}
	return out, err
}

// Robot returns one robot, or store.ErrNotFound.
func (c *Channels) Robot(ctx context.Context, id int64) (RobotSettings, error) {
	r, err := c.robotRow(ctx, c.db, id)
	c.hint(&r)
	return r.RobotSettings, err
}

// CreateRobot validates and stores a new robot.
func (c *Channels) CreateRobot(ctx context.Context, in RobotInput) (int64, error) {
	if errs := in.validate(true); len(errs) > 0 {
		return 0, errs
	}
	var id int64
	err := c.db.InTx(ctx, func(tx *store.Tx) error {
		if err := nameFree(ctx, tx, in.Name, 0); err != nil {
			return err
		}
		u, s, err := c.sealRobot(in, "", "")
		if err != nil {
			return err
		}
		now := c.now().UTC()
		id, err = store.InsertID(ctx, tx, `INSERT INTO notify_robots (kind, name, url_sealed, secret_sealed, enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, in.Kind, in.Name, u, s, in.Enabled, now, now)
		if err != nil {
			return fmt.Errorf("insert robot: %w", err)
		}
		return c.audit.Record(ctx, tx, audit.Entry{Entity: "notify_robot", EntityID: strconv.FormatInt(id, 10), Action: "create",
			After: robotAudit(in.Kind, in.Name, in.Enabled, urlHint(in.URL), s != "")})
	})
	return id, err
}

// UpdateRobot validates and changes robot id.
func (c *Channels) UpdateRobot(ctx context.Context, id int64, in RobotInput) error {
	if errs := in.validate(false); len(errs) > 0 {
		return errs
	}
	return c.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := c.robotRow(ctx, tx, id)
		if err != nil {
			return err
		}
		c.hint(&old)
		if err := nameFree(ctx, tx, in.Name, id); err != nil {
			return err
		}
		u, s, err := c.sealRobot(in, old.url, old.secret)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE notify_robots SET kind = ?, name = ?, url_sealed = ?, secret_sealed = ?, enabled = ?,
			updated_at = ? WHERE id = ?`, in.Kind, in.Name, u, s, in.Enabled, c.now().UTC(), id); err != nil {
			return fmt.Errorf("update robot %d: %w", id, err)
		}
		hint := old.URLHint
		if in.URL != "" {
			hint = urlHint(in.URL) + " (replaced)"
		}
		return c.audit.Record(ctx, tx, audit.Entry{Entity: "notify_robot", EntityID: strconv.FormatInt(id, 10), Action: "update",
			Before: robotAudit(old.Kind, old.Name, old.Enabled, old.URLHint, old.SecretSet),
			After:  robotAudit(in.Kind, in.Name, in.Enabled, hint, s != "")})
	})
}

// DeleteRobot removes robot id. Deliveries still queued for it fail and are
// retried until given up, like a robot that was never configured.
func (c *Channels) DeleteRobot(ctx context.Context, id int64) error {
	return c.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := c.robotRow(ctx, tx, id)
		if err != nil {
			return err
		}
		c.hint(&old)
		if _, err := tx.Exec(ctx, `DELETE FROM notify_robots WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete robot %d: %w", id, err)
		}
		return c.audit.Record(ctx, tx, audit.Entry{Entity: "notify_robot", EntityID: strconv.FormatInt(id, 10), Action: "delete",
			Before: robotAudit(old.Kind, old.Name, old.Enabled, old.URLHint, old.SecretSet)})
	})
}

// sealRobot seals the URL and secret of in, keeping the old sealed values
// where the form left them empty.
func (c *Channels) sealRobot(in RobotInput, oldURL, oldSecret string) (string, string, error) {
	u, s := oldURL, oldSecret
	var err error
	if in.URL != "" {
		if u, err = c.suite.Seal([]byte(in.URL)); err != nil {
			return "", "", fmt.Errorf("seal robot url: %w", err)
		}
	}
	switch {
	case in.ClearSecret:
		s = ""
	case in.Secret != "":
		if s, err = c.suite.Seal([]byte(in.Secret)); err != nil {
			return "", "", fmt.Errorf("seal robot secret: %w", err)
		}
	}
	return u, s, nil
}

// nameFree answers a form error when another robot has name.
func nameFree(ctx context.Context, tx *store.Tx, name string, self int64) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM notify_robots WHERE name = ? AND id <> ?`, name, self).Scan(&n); err != nil {
		return fmt.Errorf("check robot name: %w", err)
	}
	if n > 0 {
		return ui.Errors{"name": "notify.channel.err.name_taken"}
	}
	return nil
}

// robotAudit is the audit view of a robot: the URL as scheme and host, the
// secret only as set or not.
func robotAudit(kind, name string, enabled bool, hint string, secret bool) map[string]any {
	sec := ""
	if secret {
		sec = "***"
	}
	return map[string]any{"kind": kind, "name": name, "enabled": enabled, "url": hint, "secret": sec}
}

// Load returns the enabled channels with their secrets opened, for one run
// of the delivery job; disabled lists the robots that exist but are off.
func (c *Channels) Load(ctx context.Context) (mail SMTPConfig, robots map[string]Robot, disabled []string, err error) {
	s, err := getSMTP(ctx, c.db)
	if err != nil {
		return mail, nil, nil, err
	}
	if s.Enabled {
		mail = SMTPConfig{Host: s.Host, Port: s.Port, Username: s.Username, From: s.From, StartTLS: s.StartTLS}
		if s.sealed != "" {
			pw, err := c.suite.Open(s.sealed)
			if err != nil {
				return mail, nil, nil, fmt.Errorf("open smtp password: %w", err)
			}
			mail.Password = string(pw)
		}
	}
	rows, err := c.robotRows(ctx, c.db)
	if err != nil {
		return mail, nil, nil, err
	}
	robots = map[string]Robot{}
	for _, r := range rows {
		if !r.Enabled {
			disabled = append(disabled, r.Name)
			continue
		}
		rb, err := c.open(r)
		if err != nil {
			return mail, nil, nil, err
		}
		robots[r.Name] = rb
	}
	return mail, robots, disabled, nil
}

func (c *Channels) open(r robotRow) (Robot, error) {
	u, err := c.suite.Open(r.url)
	if err != nil {
		return Robot{}, fmt.Errorf("open robot %s url: %w", r.Name, err)
	}
	rb := Robot{Kind: r.Kind, URL: string(u)}
	if r.secret != "" {
		s, err := c.suite.Open(r.secret)
		if err != nil {
			return Robot{}, fmt.Errorf("open robot %s secret: %w", r.Name, err)
		}
		rb.Secret = string(s)
	}
	return rb, nil
}

// Enabled are the outside channels switched on: whether mail is, and the
// robots' names. The escalation reads it inside its own transaction to
// decide what to queue; it needs no secret.
type Enabled struct {
	Mail   bool
	Robots []string
}

// EnabledChannels returns the channels switched on.
func EnabledChannels(ctx context.Context, q store.Querier) (Enabled, error) {
	var e Enabled
	s, err := getSMTP(ctx, q)
	if err != nil {
		return e, err
	}
	e.Mail = s.Enabled
	rows, err := q.Query(ctx, `SELECT name FROM notify_robots WHERE enabled ORDER BY name`)
	if err != nil {
		return e, fmt.Errorf("enabled robots: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return e, fmt.Errorf("scan robot name: %w", err)
		}
		e.Robots = append(e.Robots, n)
	}
	return e, rows.Err()
}
