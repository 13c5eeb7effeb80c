package portal

import (
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// adminPage is the data of portal_admin.
type adminPage struct {
	SMS      SMSConfig
	HasToken bool
	Keys     []APIKey
	NewKey   string // shown once, right after it was issued
	Err      error
}

// Admin is GET /admin/portal (system admin): the SMS gateway, the office's
// number and the Open311 keys.
func (p *Portal) Admin(w http.ResponseWriter, r *http.Request) error {
	return p.renderAdmin(w, r, http.StatusOK, adminPage{})
}

func (p *Portal) renderAdmin(w http.ResponseWriter, r *http.Request, status int, pg adminPage) error {
	c, err := p.readSettings(r.Context(), p.DB)
	if err != nil {
		return err
	}
	if pg.Err == nil {
		pg.SMS = c
	}
	pg.HasToken, pg.SMS.Token = c.Token != "", ""
	if pg.Keys, err = p.Keys(r.Context()); err != nil {
		return err
	}
	return p.UI.Render(w, r, status, "portal_admin", pg)
}

// AdminSMS is POST /admin/portal/sms.
func (p *Portal) AdminSMS(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	c := SMSConfig{URL: strings.TrimSpace(r.PostFormValue("sms_url")), Token: strings.TrimSpace(r.PostFormValue("sms_token")),
		OfficePhone: strings.TrimSpace(r.PostFormValue("office_phone"))}
	errs := ui.Errors{}
	if !validGatewayURL(c.URL) {
		errs["sms_url"] = "portal.err.sms_url"
	}
	if len(c.Token) > 500 || strings.ContainsAny(c.Token, "\r\n\x00") {
		errs["sms_token"] = "portal.err.sms_token"
	}
	if len([]rune(c.OfficePhone)) > 40 || strings.ContainsAny(c.OfficePhone, "<>\r\n\x00") {
		errs["office_phone"] = "portal.err.office_phone"
	}
	if len(errs) > 0 {
		c.Token = ""
		return p.renderAdmin(w, r, http.StatusUnprocessableEntity, adminPage{SMS: c, Err: errs})
	}
	keep := c.Token == "" && r.PostFormValue("clear_token") != "1"
	if err := p.saveSettings(r.Context(), c, keep); err != nil {
		return err
	}
	ui.Flash(w, "portal.admin.saved")
	return ui.Redirect(w, r, "/admin/portal")
}

// AdminKeyCreate is POST /admin/portal/keys/create: the new key is shown on
// the page it answers with, once.
func (p *Portal) AdminKeyCreate(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	key, err := p.IssueKey(r.Context(), auth.From(r.Context()), r.PostFormValue("name"))
	if ui.IsInvalid(err) {
		return p.renderAdmin(w, r, http.StatusUnprocessableEntity, adminPage{Err: err})
	}
	if err != nil {
		return err
	}
	return p.renderAdmin(w, r, http.StatusOK, adminPage{NewKey: key})
}

// AdminKeyRevoke is POST /admin/portal/keys/{id}/revoke.
func (p *Portal) AdminKeyRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	if err := p.RevokeKey(r.Context(), auth.From(r.Context()), id); err != nil {
		return err
	}
	ui.Flash(w, "portal.admin.revoked")
	return ui.Redirect(w, r, "/admin/portal")
}
