package ui

import "net/http"

const flashCookie = "flash"

// Flash shows the message with key once on the next page.
func Flash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// takeFlash returns the pending flash message and clears it. A cookie naming
// no catalogue key (tampered) shows nothing.
func (ui *UI) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	if !ui.Catalog.Has(c.Value) {
		return ""
	}
	return ui.Catalog.T(Lang(r), c.Value)
}
