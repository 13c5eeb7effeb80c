package task

import (
	"strings"
	"time"

	"tongchou/internal/ui"
)

const dateLayout = "2006-01-02"

// shanghai is the zone civil dates are counted in.
var shanghai = ui.Shanghai

// parseDate checks a 'YYYY-MM-DD' date (also accepting 2026/5/6 and
// 2026年5月6日, the forms people type) and returns it normalised.
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20 {
		return "", false
	}
	for _, layout := range []string{dateLayout, "2006/1/2", "2006-1-2", "2006年1月2日", "2006.1.2"} {
		if d, err := time.Parse(layout, s); err == nil && d.Year() >= 2000 && d.Year() < 2100 {
			return d.Format(dateLayout), true
		}
	}
	return "", false
}

// addDays adds n calendar days to a 'YYYY-MM-DD' date.
func addDays(date string, n int) string {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, n).Format(dateLayout)
}
