package appealstat

import (
	"time"

	"tongchou/internal/ui"
)

const dateLayout = "2006-01-02"

// maxPeriodDays bounds a period so a typo (year 0001) cannot ask for a scan of all time
// day by day in the charts.
const maxPeriodDays = 3 * 366

// Period is a range of whole days in Asia/Shanghai, both ends included.
type Period struct {
	From, To string // 'YYYY-MM-DD'
}

// Bounds are the period's instants in UTC: [start, end).
func (p Period) Bounds() (start, end time.Time) {
	f, _ := time.ParseInLocation(dateLayout, p.From, ui.Shanghai)
	t, _ := time.ParseInLocation(dateLayout, p.To, ui.Shanghai)
	return f.UTC(), t.AddDate(0, 0, 1).UTC()
}

// ParsePeriod checks from and to ('YYYY-MM-DD', from ≤ to, at most three years); empty
// values default to the month of now up to today.
func ParsePeriod(from, to string, now time.Time) (Period, error) {
	today := now.In(ui.Shanghai)
	if from == "" {
		from = today.Format("2006-01") + "-01"
	}
	if to == "" {
		to = today.Format(dateLayout)
	}
	errs := ui.Errors{}
	f, err := time.Parse(dateLayout, from)
	if err != nil || len(from) != len(dateLayout) {
		errs["from"] = "appealstat.err.date"
	}
	t, err := time.Parse(dateLayout, to)
	if err != nil || len(to) != len(dateLayout) {
		errs["to"] = "appealstat.err.date"
	}
	if len(errs) == 0 {
		switch {
		case t.Before(f):
			errs["to"] = "appealstat.err.order"
		case t.Sub(f) > maxPeriodDays*24*time.Hour:
			errs["to"] = "appealstat.err.span"
		}
	}
	if len(errs) > 0 {
		return Period{}, errs
	}
	return Period{From: from, To: to}, nil
}

// shanghaiDay is the Asia/Shanghai date of an instant.
func shanghaiDay(t time.Time) string { return t.In(ui.Shanghai).Format(dateLayout) }

// isoWeek labels the ISO week of a 'YYYY-MM-DD' day: "2026-W09".
func isoWeek(day string) string {
	d, err := time.Parse(dateLayout, day)
	if err != nil {
		return ""
	}
	y, w := d.ISOWeek()
	return weekLabel(y, w)
}

func weekLabel(y, w int) string {
	b := []byte("0000-W00")
	for i, v := 3, y; i >= 0; i, v = i-1, v/10 {
		b[i] = byte('0' + v%10)
	}
	b[6], b[7] = byte('0'+w/10), byte('0'+w%10)
	return string(b)
}

// weeksOf lists the ISO weeks the period touches, in order.
func weeksOf(p Period) []string {
	f, _ := time.Parse(dateLayout, p.From)
	t, _ := time.Parse(dateLayout, p.To)
	var out []string
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		w := isoWeek(d.Format(dateLayout))
		if len(out) == 0 || out[len(out)-1] != w {
			out = append(out, w)
		}
	}
	return out
}
