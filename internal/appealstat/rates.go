package appealstat

import (
	"fmt"
	"math"
)

// Rate is a fraction: Num of Den. A rate with no denominator has no value (shown as —), and
// is left out of the combined score rather than counted as 0 or 100.
type Rate struct {
	Num, Den int
}

// Value returns the rate in [0, 1]; ok is false without a denominator.
func (r Rate) Value() (v float64, ok bool) {
	if r.Den <= 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Percent is the rate as "93.3%", or "—" without a denominator.
func (r Rate) Percent() string {
	v, ok := r.Value()
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", v*100)
}

// UnitRates are one unit's three rates (三率) in a period, with the counts behind them.
type UnitRates struct {
	UnitID int64
	Unit   string
	// Response: dispatches signed within their sign limit ÷ dispatches to the unit.
	Response Rate
	// Solve: appeals closed as solved ÷ appeals closed.
	Solve Rate
	// Satisfaction by the rating the settings choose (the final one by default).
	Satisfaction Rate
	// SatisfactionFirst is the same by the first rating, kept and shown beside it: the
	// difference is what 重办 changed.
	SatisfactionFirst Rate
	// Score is the combined score 0–100; HasScore is false when no rate has a value.
	Score    float64
	HasScore bool
}

// ScoreText is the score with one decimal, or "—".
func (u UnitRates) ScoreText() string {
	if !u.HasScore {
		return "—"
	}
	return fmt.Sprintf("%.1f", u.Score)
}

// combine sets the combined score: the weighted mean of the rates that have a value, in
// percent. A rate without a denominator (a unit that closed nothing) drops out and the
// other weights are scaled up, so a unit is neither rewarded nor punished for no work.
func (u *UnitRates) combine(s Settings) {
	var sum, weights float64
	for _, p := range []struct {
		r Rate
		w int
	}{{u.Response, s.WeightResponse}, {u.Solve, s.WeightSolve}, {u.Satisfaction, s.WeightSatisfaction}} {
		if v, ok := p.r.Value(); ok && p.w > 0 {
			sum += v * float64(p.w)
			weights += float64(p.w)
		}
	}
	if weights == 0 {
		u.Score, u.HasScore = 0, false
		return
	}
	u.Score, u.HasScore = math.Round(sum/weights*1000)/10, true
}
