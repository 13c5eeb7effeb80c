package portal

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"tongchou/internal/abuse"
	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/ui"
)

// recoverPage is the data of portal_recover.
type recoverPage struct {
	Phone     string
	Err       error
	Challenge abuse.Challenge
	Exempt    bool
	SMS       bool
	Office    string
	Sent      bool
}

// RecoverForm is GET /public/recover: a lost code is sent by SMS to the
// number given with the appeal, or, without a gateway, the office's number
// to call.
func (p *Portal) RecoverForm(w http.ResponseWriter, r *http.Request) error {
	return p.renderRecover(w, r, http.StatusOK, recoverPage{})
}

func (p *Portal) renderRecover(w http.ResponseWriter, r *http.Request, status int, pg recoverPage) error {
	c, err := p.readSettings(r.Context(), p.DB)
	if err != nil {
		return err
	}
	pg.SMS, pg.Office, pg.Exempt = c.Enabled(), c.OfficePhone, p.Guard.Exempt(r)
	if !pg.Exempt && pg.SMS && !pg.Sent {
		pg.Challenge = p.Challenge.Issue()
	}
	return p.UI.Render(w, r, status, "portal_recover", pg)
}

// RecoverSend is POST /public/recover/send. The answer is the same whether
// or not the number matches an appeal, so the page cannot be used to learn
// who wrote to the office.
func (p *Portal) RecoverSend(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	pg := recoverPage{Phone: strings.TrimSpace(r.PostFormValue("phone"))}
	c, err := p.readSettings(r.Context(), p.DB)
	if err != nil {
		return err
	}
	if !c.Enabled() {
		return p.renderRecover(w, r, http.StatusOK, pg)
	}
	phone, ok := appeal.NormalisePhone(pg.Phone)
	if !ok {
		if len(pg.Phone) > 40 {
			pg.Phone = ""
		}
		pg.Err = ui.Errors{"phone": "portal.err.phone"}
		return p.renderRecover(w, r, http.StatusUnprocessableEntity, pg)
	}
	if !p.Guard.Exempt(r) {
		if err := p.Challenge.Verify(r.PostFormValue("pow_token"), r.PostFormValue("pow_solution"),
			r.PostFormValue("pow_answer"), ""); err != nil {
			pg.Err = ui.Errors{"challenge": challengeKey(err)}
			return p.renderRecover(w, r, http.StatusUnprocessableEntity, pg)
		}
	}
	pg.Sent, pg.Phone = true, ""
	// One message per number per hour at most, whoever asks: the page must
	// not become a way to flood someone's phone.
	if !p.PhoneLimit.Allow(appeal.PhoneHash(p.Suite, phone)) {
		return p.renderRecover(w, r, http.StatusOK, pg)
	}
	codes, err := p.Appeals.CodesByPhone(r.Context(), phone, p.Now().Add(-365*24*time.Hour), 5)
	if err != nil {
		return err
	}
	if len(codes) > 0 {
		msg := p.UI.Catalog.T(ui.Lang(r), "portal.recover.sms", strings.Join(codes, "、"))
		if err := p.SendSMS(r.Context(), c, phone, msg); err != nil {
			slog.WarnContext(r.Context(), "recover code by sms", "phone", audit.MaskPhone(phone), "err", err)
		}
	}
	return p.renderRecover(w, r, http.StatusOK, pg)
}
