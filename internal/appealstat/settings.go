package appealstat

import (
	"strconv"

	"tongchou/internal/ui"
)

// Settings are the office's choices for the three rates and the combined score.
//
// Defaults (documented on the settings page and in docs): weights 30 / 35 / 35 (response /
// solve / satisfaction); every dispatch in the period counts for the response rate (accepted
// 退单 excluded); satisfaction by the final rating after any 重办, with 基本满意 counted as
// satisfied; the period is matched on the event (dispatch for response, closing for solve
// and satisfaction).
type Settings struct {
	WeightResponse     int // percent; the three weights add up to 100
	WeightSolve        int
	WeightSatisfaction int
	// ResponsePending false counts an unsigned dispatch still within its sign limit in the
	// denominator (the definition); true leaves it out until its limit has passed.
	ExcludePending bool
	// Round is the rating satisfaction uses: RoundFinal (after 重办) or RoundFirst.
	Round string
	// BasicSatisfied counts 基本满意 as satisfied (the 12345 definition) when true.
	BasicSatisfied bool
	// Basis is the date a figure is placed in a period by: BasisEvent or BasisReceived.
	Basis string
}

// Rating rounds and period bases.
const (
	RoundFinal    = "final"
	RoundFirst    = "first"
	BasisEvent    = "event"    // dispatch date (response), closing date (solve, satisfaction)
	BasisReceived = "received" // the appeal's receipt date, for all three
)

// DefaultSettings are used until the office saves its own.
func DefaultSettings() Settings {
	return Settings{WeightResponse: 30, WeightSolve: 35, WeightSatisfaction: 35,
		Round: RoundFinal, BasicSatisfied: true, Basis: BasisEvent}
}

// settingKeys name the rows of appealstat_settings.
var settingKeys = []string{"weight_response", "weight_solve", "weight_satisfaction", "exclude_pending", "round", "basic_satisfied", "basis"}

// values writes s as key → value rows.
func (s Settings) values() map[string]string {
	return map[string]string{
		"weight_response": strconv.Itoa(s.WeightResponse), "weight_solve": strconv.Itoa(s.WeightSolve),
		"weight_satisfaction": strconv.Itoa(s.WeightSatisfaction), "exclude_pending": boolText(s.ExcludePending),
		"round": s.Round, "basic_satisfied": boolText(s.BasicSatisfied), "basis": s.Basis,
	}
}

// settingsFrom reads stored rows over the defaults. Rows that do not make valid settings
// together (a hand-edited table) give the defaults rather than a page that cannot load.
func settingsFrom(rows map[string]string) Settings {
	v := DefaultSettings().values()
	for k, x := range rows {
		v[k] = x
	}
	f := settingsForm{
		Response: v["weight_response"], Solve: v["weight_solve"], Satisfaction: v["weight_satisfaction"],
		ExcludePending: v["exclude_pending"] == "1", Round: v["round"], BasicSatisfied: v["basic_satisfied"] == "1",
		Basis: v["basis"],
	}
	s, err := f.settings()
	if err != nil {
		return DefaultSettings()
	}
	return s
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// settingsForm is the office's form as typed.
type settingsForm struct {
	Response, Solve, Satisfaction  string
	ExcludePending, BasicSatisfied bool
	Round, Basis                   string
}

// settings validates the form: whole-number weights 0–100 adding up to 100, known choices.
func (f settingsForm) settings() (Settings, error) {
	errs := ui.Errors{}
	weight := func(field, v string) int {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 || len(v) > 3 {
			errs[field] = "appealstat.err.weight"
			return 0
		}
		return n
	}
	s := Settings{
		WeightResponse: weight("response", f.Response), WeightSolve: weight("solve", f.Solve),
		WeightSatisfaction: weight("satisfaction", f.Satisfaction),
		ExcludePending:     f.ExcludePending, BasicSatisfied: f.BasicSatisfied, Round: f.Round, Basis: f.Basis,
	}
	if len(errs) == 0 && s.WeightResponse+s.WeightSolve+s.WeightSatisfaction != 100 {
		errs["response"] = "appealstat.err.weight_sum"
	}
	if s.Round != RoundFinal && s.Round != RoundFirst {
		errs["round"] = "appealstat.err.choice"
	}
	if s.Basis != BasisEvent && s.Basis != BasisReceived {
		errs["basis"] = "appealstat.err.choice"
	}
	if len(errs) > 0 {
		return Settings{}, errs
	}
	return s, nil
}
