package briefing

import (
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

type settingsPage struct {
	CampaignID int64
	Settings   Settings
	Err        error
}

// Settings is GET /briefings/settings?campaign=.
func (h *Pages) Settings(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.URL.Query().Get("campaign"), 10, 64)
	if err != nil || id <= 0 {
		return store.ErrNotFound
	}
	var one int
	if err := h.s.db.QueryRow(r.Context(), `SELECT 1 FROM campaigns WHERE id = ?`, id).Scan(&one); err != nil {
		return store.NotFound(err, "campaign")
	}
	set, err := LoadSettings(r.Context(), h.s.db, id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "briefing_settings", settingsPage{CampaignID: id, Settings: set})
}

// SaveSettings is POST /briefings/settings.
func (h *Pages) SaveSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.FormValue("campaign"), 10, 64)
	if err != nil || id <= 0 {
		return store.ErrNotFound
	}
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.FormValue(k)))
		if err != nil {
			return -1 // refused by Validate with the field's message
		}
		return n
	}
	set := Settings{WeightReports: num("weight_reports"), WeightCompletion: num("weight_completion"), WeightLights: num("weight_lights"),
		Target: num("target"), BoardSize: num("board_size"), Prefix: strings.TrimSpace(r.FormValue("prefix")),
		Issuer: strings.TrimSpace(r.FormValue("issuer")), CC: strings.TrimSpace(r.FormValue("cc"))}
	err = h.s.SaveSettings(r.Context(), auth.From(r.Context()), id, set)
	if ui.IsInvalid(err) {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "briefing_settings", settingsPage{CampaignID: id, Settings: set, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "briefing.settings_saved")
	return ui.Redirect(w, r, "/briefings/settings?campaign="+strconv.FormatInt(id, 10))
}
