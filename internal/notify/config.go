package notify

import "crypto/tls"

// Config says where outside deliveries go. It is a struct for now; the
// settings page may fill it later.
type Config struct {
	// BaseURL makes links in mail and robot messages absolute, e.g.
	// https://tongchou.example.gov.cn; without it links are left out.
	BaseURL string
	SMTP    SMTPConfig
	// Robots are the group robots by name; an outbox entry for the robot
	// channel names one as its target.
	Robots map[string]Robot
}

// SMTPConfig is the mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string // empty: no AUTH
	Password string
	From     string // e.g. "统筹平台 <tongchou@example.gov.cn>"
	StartTLS bool   // require STARTTLS before AUTH and the message
	// TLS overrides the TLS settings for STARTTLS (tests pass their own CA).
	TLS *tls.Config
}

// Robot kinds.
const (
	RobotDingTalk = "dingtalk"
	RobotWeCom    = "wecom"
	RobotFeishu   = "feishu"
)

// Robot is one group robot's webhook.
type Robot struct {
	Kind   string // RobotDingTalk, RobotWeCom or RobotFeishu
	URL    string // the webhook address with its access_token or key
	Secret string // the signing secret (DingTalk "SEC…", Feishu); empty: unsigned
}
