package notify

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// SMTPSettings is the mail server as the admin page shows it: the password
// is never read back, only whether one is stored.
type SMTPSettings struct {
	Host        string
	Port        int
	StartTLS    bool
	Username    string
	From        string
	Enabled     bool
	PasswordSet bool
	UpdatedAt   time.Time // zero: never saved
}

// SMTPInput is what the SMTP form posts. An empty Password keeps the stored
// one; ClearPassword removes it.
type SMTPInput struct {
	Host, Port, Username, Password, From string
	StartTLS, Enabled, ClearPassword     bool
}

// RobotSettings is one robot as the admin page shows it: the webhook URL and
// secret are never read back; URLHint is the scheme and host only.
type RobotSettings struct {
	ID        int64
	Kind      string
	Name      string
	Enabled   bool
	URLHint   string
	SecretSet bool
}

// RobotInput is what the robot form posts. On edit an empty URL or Secret
// keeps the stored one; ClearSecret removes the secret.
type RobotInput struct {
	Kind, Name, URL, Secret string
	Enabled, ClearSecret    bool
}

// RobotKinds are the robot kinds in the order the form lists them.
var RobotKinds = []string{RobotDingTalk, RobotWeCom, RobotFeishu}

// Field limits of the channel forms.
const (
	maxHost     = 253
	maxUser     = 256
	maxSecret   = 512
	maxAddress  = 320
	maxURL      = 2048
	maxRobotNam = 64
)

var hostRe = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)

// validate trims in and checks it; it returns the parsed port.
func (in *SMTPInput) validate() (int, ui.Errors) {
	in.Host, in.Username, in.From = strings.TrimSpace(in.Host), strings.TrimSpace(in.Username), strings.TrimSpace(in.From)
	errs := ui.Errors{}
	switch {
	case in.Host == "" && in.Enabled:
		errs["host"] = "form.required"
	case len(in.Host) > maxHost || (in.Host != "" && !hostRe.MatchString(in.Host) && net.ParseIP(in.Host) == nil):
		errs["host"] = "notify.channel.err.host"
	}
	port, err := strconv.Atoi(strings.TrimSpace(in.Port))
	if err != nil || port < 1 || port > 65535 {
		errs["port"] = "notify.channel.err.port"
	}
	if len(in.Username) > maxUser || hasControl(in.Username) {
		errs["username"] = "notify.channel.err.text"
	}
	if len(in.Password) > maxSecret || hasControl(in.Password) {
		errs["password"] = "notify.channel.err.text"
	}
	switch {
	case in.From == "" && in.Enabled:
		errs["from"] = "form.required"
	case in.From != "" && (len(in.From) > maxAddress || !ValidEmail(in.From, true)):
		errs["from"] = "notify.channel.err.email"
	}
	// net/smtp refuses to send a password in clear to anything but the
	// local host; say so on the form rather than at the first delivery.
	if in.Username != "" && !in.StartTLS && !isLoopback(in.Host) {
		errs["starttls"] = "notify.channel.err.starttls"
	}
	return port, errs
}

// validate trims in and checks it; creating requires the URL.
func (in *RobotInput) validate(creating bool) ui.Errors {
	in.Name, in.URL, in.Secret = strings.TrimSpace(in.Name), strings.TrimSpace(in.URL), strings.TrimSpace(in.Secret)
	errs := ui.Errors{}
	if in.Kind != RobotDingTalk && in.Kind != RobotWeCom && in.Kind != RobotFeishu {
		errs["kind"] = "notify.channel.err.kind"
	}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		errs["name"] = "form.required"
	case n > maxRobotNam || hasControl(in.Name) || !utf8.ValidString(in.Name):
		errs["name"] = "notify.channel.err.name"
	}
	switch {
	case in.URL == "" && creating:
		errs["url"] = "form.required"
	case in.URL != "" && !validWebhook(in.URL):
		errs["url"] = "notify.channel.err.url"
	}
	if len(in.Secret) > maxSecret || strings.ContainsFunc(in.Secret, func(r rune) bool { return r <= ' ' || r > '~' }) {
		errs["secret"] = "notify.channel.err.secret"
	}
	return errs
}

// validWebhook accepts https addresses, and http only to 127.0.0.1 (the
// tests' receivers): a webhook URL carries the robot's key.
func validWebhook(s string) bool {
	if len(s) > maxURL || hasControl(s) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && u.Hostname() == "127.0.0.1")
}

// ValidEmail reports whether s is one bare address (a@b.c), or with
// display allowed also "名称 <a@b.c>". Only addresses with a dotted domain
// pass: mail to a local name is a typing mistake here.
func ValidEmail(s string, display bool) bool {
	if len(s) > maxAddress || hasControl(s) {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || (!display && a.Address != s) {
		return false
	}
	at := strings.LastIndexByte(a.Address, '@')
	return at > 0 && strings.Contains(a.Address[at+1:], ".")
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// urlHint is the part of a webhook URL that carries no key.
func urlHint(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// ErrChannelOff is returned for a test message on a channel switched off.
var ErrChannelOff = errors.New("channel is not enabled")

// errRobotNotFound answers a malformed robot id like a missing one.
var errRobotNotFound = fmt.Errorf("robot: %w", store.ErrNotFound)
