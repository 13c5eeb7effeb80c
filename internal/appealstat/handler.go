package appealstat

import (
	"net/http"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves the three rates (/appeals/rates) and the hot issues (/appeals/hot).
type Pages struct {
	db    *store.DB
	ui    *ui.UI
	audit *audit.Log
	now   func() time.Time
	cache hotCache
}

// NewPages returns the pages.
func NewPages(db *store.DB, u *ui.UI, log *audit.Log, now func() time.Time) *Pages {
	return &Pages{db: db, ui: u, audit: log, now: now}
}

// ratesPage is the /appeals/rates page.
type ratesPage struct {
	Period   Period
	Settings Settings
	Units    []UnitRates
	Chart    chartHTML
	Err      error
	Office   bool // may change the settings
}

// Query is the period as a query string for links.
func (p ratesPage) Query() string { return periodQuery(p.Period) }

// Rates is GET /appeals/rates: every unit for the office and leaders, a unit head's own units.
func (h *Pages) Rates(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	p, err := ParsePeriod(clip(r.FormValue("from")), clip(r.FormValue("to")), h.now())
	if err != nil {
		page := ratesPage{Period: Period{From: clip(r.FormValue("from")), To: clip(r.FormValue("to"))}, Err: err}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "appealstat_rates", page)
	}
	units, s, err := h.rates(r, me, p)
	if err != nil {
		return err
	}
	page := ratesPage{Period: p, Settings: s, Units: units, Office: me.Has(auth.RoleOffice)}
	page.Chart = ratesChart(h.ui.Catalog.T, ui.Lang(r), units)
	return h.ui.Render(w, r, http.StatusOK, "appealstat_rates", page)
}

// rates computes the rates and keeps the units in the viewer's scope.
func (h *Pages) rates(r *http.Request, me *auth.Principal, p Period) ([]UnitRates, Settings, error) {
	s, err := LoadSettings(r.Context(), h.db)
	if err != nil {
		return nil, s, err
	}
	all, err := RatesWith(r.Context(), h.db, p, s, h.now().UTC())
	if err != nil {
		return nil, s, err
	}
	if me.SeesAllUnits() {
		return all, s, nil
	}
	var mine []UnitRates
	for _, u := range all {
		if me.InScope(u.UnitID) {
			mine = append(mine, u)
		}
	}
	return mine, s, nil
}

// clip bounds a query value so a 1 MB parameter is refused as malformed, not echoed.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32]
	}
	return s
}

func periodQuery(p Period) string { return "from=" + p.From + "&to=" + p.To }
