package appealstat

import (
	"net/http"
	"strconv"

	"tongchou/internal/ui"
)

// settingsPage is the office's form.
type settingsPage struct {
	Form     settingsForm
	Defaults Settings
	Err      error
}

// SettingsForm is GET /appeals/rates/settings.
func (h *Pages) SettingsForm(w http.ResponseWriter, r *http.Request) error {
	s, err := LoadSettings(r.Context(), h.db)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "appealstat_settings", settingsPage{Form: formOf(s), Defaults: DefaultSettings()})
}

// SaveSettingsForm is POST /appeals/rates/settings.
func (h *Pages) SaveSettingsForm(w http.ResponseWriter, r *http.Request) error {
	f := settingsForm{
		Response: clip(r.PostFormValue("response")), Solve: clip(r.PostFormValue("solve")),
		Satisfaction: clip(r.PostFormValue("satisfaction")), ExcludePending: r.PostFormValue("exclude_pending") == "1",
		BasicSatisfied: r.PostFormValue("basic_satisfied") == "1", Round: clip(r.PostFormValue("round")),
		Basis: clip(r.PostFormValue("basis")),
	}
	s, err := f.settings()
	if err == nil {
		err = SaveSettings(r.Context(), h.db, h.audit, s, h.now())
	}
	if ui.IsInvalid(err) {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "appealstat_settings", settingsPage{Form: f, Defaults: DefaultSettings(), Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "appealstat.saved")
	return ui.Redirect(w, r, "/appeals/rates")
}

func itoa(n int) string { return strconv.Itoa(n) }

func formOf(s Settings) settingsForm {
	return settingsForm{Response: itoa(s.WeightResponse), Solve: itoa(s.WeightSolve), Satisfaction: itoa(s.WeightSatisfaction),
		ExcludePending: s.ExcludePending, BasicSatisfied: s.BasicSatisfied, Round: s.Round, Basis: s.Basis}
}
