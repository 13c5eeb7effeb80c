package notify

import (
	"errors"
	"net/http"
	"strconv"

	"tongchou/internal/ui"
)

// ChannelPages serves /admin/channels: the system admin's SMTP server and
// group robots, with a test message per channel.
type ChannelPages struct {
	ch *Channels
	ui *ui.UI
}

// NewChannelPages returns the channel pages.
func NewChannelPages(ch *Channels, u *ui.UI) *ChannelPages { return &ChannelPages{ch: ch, ui: u} }

// smtpForm is the SMTP form as shown: the stored values, or what was posted
// (clipped) when it had errors. The password is never shown.
type smtpForm struct {
	Host, Port, Username, From string
	StartTLS, Enabled          bool
}

// robotForm is the robot form as shown; URL and secret are never shown.
type robotForm struct {
	Kind, Name string
	Enabled    bool
}

type channelsPage struct {
	SMTP     SMTPSettings
	Form     smtpForm
	SMTPErr  error
	TestTo   string
	TestErr  error
	Robots   []RobotSettings
	Kinds    []string
	Robot    robotForm
	RobotErr error
}

type robotPage struct {
	Robot RobotSettings
	Form  robotForm
	Kinds []string
	Err   error
}

// clipForm keeps a re-shown value short: a 1 MB post is not echoed back.
func clipForm(s string) string {
	if r := []rune(s); len(r) > 300 {
		return string(r[:300])
	}
	return s
}

// page loads what the channels page shows besides the form being redone.
func (p *ChannelPages) page(r *http.Request) (channelsPage, error) {
	pg := channelsPage{Kinds: RobotKinds, Robot: robotForm{Kind: RobotDingTalk, Enabled: true}}
	var err error
	if pg.SMTP, err = p.ch.SMTP(r.Context()); err != nil {
		return pg, err
	}
	s := pg.SMTP
	pg.Form = smtpForm{Host: s.Host, Port: strconv.Itoa(s.Port), Username: s.Username, From: s.From, StartTLS: s.StartTLS, Enabled: s.Enabled}
	pg.Robots, err = p.ch.Robots(r.Context())
	return pg, err
}

// Channels is GET /admin/channels.
func (p *ChannelPages) Channels(w http.ResponseWriter, r *http.Request) error {
	pg, err := p.page(r)
	if err != nil {
		return err
	}
	return p.ui.Render(w, r, http.StatusOK, "channel_admin", pg)
}

// SaveSMTP is POST /admin/channels/smtp.
func (p *ChannelPages) SaveSMTP(w http.ResponseWriter, r *http.Request) error {
	in := SMTPInput{Host: r.PostFormValue("host"), Port: r.PostFormValue("port"), Username: r.PostFormValue("username"),
		Password: r.PostFormValue("password"), From: r.PostFormValue("from"), StartTLS: r.PostFormValue("starttls") == "1",
		Enabled: r.PostFormValue("enabled") == "1", ClearPassword: r.PostFormValue("clear_password") == "1"}
	err := p.ch.SaveSMTP(r.Context(), in)
	if ui.IsInvalid(err) {
		pg, perr := p.page(r)
		if perr != nil {
			return perr
		}
		pg.Form = smtpForm{Host: clipForm(in.Host), Port: clipForm(in.Port), Username: clipForm(in.Username), From: clipForm(in.From),
			StartTLS: in.StartTLS, Enabled: in.Enabled}
		pg.SMTPErr = err
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "channel_admin", pg)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "notify.channel.saved")
	return ui.Redirect(w, r, "/admin/channels")
}

// testText is the test message's subject and body in the admin's language.
func (p *ChannelPages) testText(r *http.Request) (string, string) {
	lang := ui.Lang(r)
	return p.ui.Catalog.T(lang, "notify.channel.test_subject"), p.ui.Catalog.T(lang, "notify.channel.test_body")
}

// TestSMTP is POST /admin/channels/smtp/test: one message to the address given.
func (p *ChannelPages) TestSMTP(w http.ResponseWriter, r *http.Request) error {
	to := r.PostFormValue("to")
	var err error = ui.Errors{"to": "notify.channel.err.email"}
	if ValidEmail(to, false) {
		subject, body := p.testText(r)
		err = p.ch.TestMail(r.Context(), to, subject, body)
	}
	if errors.Is(err, ErrChannelOff) {
		err = ui.Errors{"to": "notify.channel.err.off"}
	}
	if ui.IsInvalid(err) {
		pg, perr := p.page(r)
		if perr != nil {
			return perr
		}
		pg.TestTo, pg.TestErr = clipForm(to), err
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "channel_admin", pg)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "notify.channel.test_queued")
	return ui.Redirect(w, r, "/admin/channels")
}

func robotInput(r *http.Request) RobotInput {
	return RobotInput{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), URL: r.PostFormValue("url"),
		Secret: r.PostFormValue("secret"), Enabled: r.PostFormValue("enabled") == "1", ClearSecret: r.PostFormValue("clear_secret") == "1"}
}

func (in RobotInput) form() robotForm {
	return robotForm{Kind: clipForm(in.Kind), Name: clipForm(in.Name), Enabled: in.Enabled}
}

// CreateRobot is POST /admin/channels/robots/create.
func (p *ChannelPages) CreateRobot(w http.ResponseWriter, r *http.Request) error {
	in := robotInput(r)
	_, err := p.ch.CreateRobot(r.Context(), in)
	if ui.IsInvalid(err) {
		pg, perr := p.page(r)
		if perr != nil {
			return perr
		}
		pg.Robot, pg.RobotErr = in.form(), err
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "channel_admin", pg)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "notify.channel.saved")
	return ui.Redirect(w, r, "/admin/channels")
}

func robotID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errRobotNotFound
	}
	return id, nil
}

// RobotEdit is GET /admin/channels/robots/{id}.
func (p *ChannelPages) RobotEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := robotID(r)
	if err != nil {
		return err
	}
	rb, err := p.ch.Robot(r.Context(), id)
	if err != nil {
		return err
	}
	return p.ui.Render(w, r, http.StatusOK, "channel_robot", robotPage{Robot: rb, Kinds: RobotKinds,
		Form: robotForm{Kind: rb.Kind, Name: rb.Name, Enabled: rb.Enabled}})
}

// UpdateRobot is POST /admin/channels/robots/{id}/update.
func (p *ChannelPages) UpdateRobot(w http.ResponseWriter, r *http.Request) error {
	id, err := robotID(r)
	if err != nil {
		return err
	}
	in := robotInput(r)
	err = p.ch.UpdateRobot(r.Context(), id, in)
	if ui.IsInvalid(err) {
		rb, gerr := p.ch.Robot(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "channel_robot", robotPage{Robot: rb, Kinds: RobotKinds, Form: in.form(), Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "notify.channel.saved")
	return ui.Redirect(w, r, "/admin/channels")
}

// DeleteRobot is POST /admin/channels/robots/{id}/delete.
func (p *ChannelPages) DeleteRobot(w http.ResponseWriter, r *http.Request) error {
	id, err := robotID(r)
	if err != nil {
		return err
	}
	if err := p.ch.DeleteRobot(r.Context(), id); err != nil {
		return err
	}
	ui.Flash(w, "notify.channel.deleted")
	return ui.Redirect(w, r, "/admin/channels")
}

// TestRobot is POST /admin/channels/robots/{id}/test.
func (p *ChannelPages) TestRobot(w http.ResponseWriter, r *http.Request) error {
	id, err := robotID(r)
	if err != nil {
		return err
	}
	subject, body := p.testText(r)
	err = p.ch.TestRobot(r.Context(), id, subject, body)
	if errors.Is(err, ErrChannelOff) {
		ui.Flash(w, "notify.channel.err.off")
		return ui.Redirect(w, r, "/admin/channels")
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "notify.channel.test_queued")
	return ui.Redirect(w, r, "/admin/channels")
}
