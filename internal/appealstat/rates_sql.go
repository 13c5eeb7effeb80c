package appealstat

import (
	"time"
)

// Figure names one of the six counts behind the three rates; the drill-down lists the
// appeals behind each.
type Figure string

// The figures: numerator and denominator of each rate.
const (
	ResponseNum     Figure = "response-num"
	ResponseDen     Figure = "response-den"
	SolveNum        Figure = "solve-num"
	SolveDen        Figure = "solve-den"
	SatisfactionNum Figure = "satisfaction-num"
	SatisfactionDen Figure = "satisfaction-den"
)

// Figures lists them in display order.
var Figures = []Figure{ResponseNum, ResponseDen, SolveNum, SolveDen, SatisfactionNum, SatisfactionDen}

// Valid reports whether f is a known figure.
func (f Figure) Valid() bool {
	for _, x := range Figures {
		if x == f {
			return true
		}
	}
	return false
}

// query is one rate's SQL, built once from the settings so that the counts and the
// drill-down lists use the very same conditions: the lists always add up to the figures.
type query struct {
	unitCol string // the unit a row counts for
	from    string // FROM … (aliases: a = appeals, d = appeal_dispatches)
	where   string // the denominator's conditions
	args    []any
	num     string // the numerator's extra condition
}

// responseQuery: dispatches in the period, an accepted 退单 excluded (and, when the
// settings say so, an unsigned dispatch still within its limit); signed within the limit.
func responseQuery(s Settings, start, end, now time.Time) query {
	q := query{unitCol: "d.unit_id", from: "appeal_dispatches d JOIN appeals a ON a.id = d.appeal_id",
		where: periodCond(s, "d.dispatched_at") + " AND (d.back_accepted IS NULL OR d.back_accepted = FALSE)",
		args:  []any{start, end},
		num:   "d.signed_at IS NOT NULL AND d.signed_at <= d.sign_due_at"}
	if s.ExcludePending {
		q.where += " AND NOT (d.signed_at IS NULL AND d.back_at IS NULL AND d.sign_due_at > ?)"
		q.args = append(q.args, now)
	}
	return q
}

// solveQuery: appeals closed (办结) in the period by the handling unit; solved ones.
func solveQuery(s Settings, start, end time.Time) query {
	return query{unitCol: "a.unit_id", from: "appeals a",
		where: periodCond(s, "a.closed_at") + " AND a.state = 'closed' AND a.unit_id IS NOT NULL",
		args:  []any{start, end}, num: "a.solved = TRUE"}
}

// satisfactionQuery: closed appeals with a rating of the chosen round; 满意 (and 基本满意
// unless the settings say otherwise).
func satisfactionQuery(s Settings, start, end time.Time, round string) query {
	col := "a.rating_final"
	if round == RoundFirst {
		col = "a.rating_first"
	}
	num := col + " = 'satisfied'"
	if s.BasicSatisfied {
		num = col + " IN ('satisfied', 'basic')"
	}
	q := solveQuery(s, start, end)
	q.where += " AND " + col + " <> ''"
	q.num = num
	return q
}

// periodCond places a row in the period by its event column or, by the settings, by the
// appeal's receipt.
func periodCond(s Settings, eventCol string) string {
	col := eventCol
	if s.Basis == BasisReceived {
		col = "a.received_at"
	}
	return col + " >= ? AND " + col + " < ?"
}

// countSQL counts denominator and numerator per unit.
func (q query) countSQL() string {
	return "SELECT " + q.unitCol + ", COUNT(*), COALESCE(SUM(CASE WHEN " + q.num + " THEN 1 ELSE 0 END), 0) FROM " +
		q.from + " WHERE " + q.where + " GROUP BY " + q.unitCol
}

// listSQL selects the appeal ids behind the denominator (num false) or numerator of one unit.
func (q query) listSQL(num bool) (string, []any) {
	where := q.where + " AND " + q.unitCol + " = ?"
	if num {
		where += " AND " + q.num
	}
	return "SELECT DISTINCT a.id FROM " + q.from + " WHERE " + where, q.args
}
