package appealstat

import (
	"strconv"
	"time"

	"tongchou/internal/ui"
)

// Hot is the hot-issue report (热点) for a period, read from the aggregate tables.
type Hot struct {
	Period, Prev     Period // the period and the one of the same length before it
	Total, PrevTotal int
	Categories       []Count // every category with appeals, most first
	Villages         []Count // the regions with the most appeals
	Weeks            []Week  // ISO weeks of the period, in order
	Terms            []Term  // the most frequent terms (whole ISO weeks)
	// Transferred is the transferred town and township with their villages; Rest is the
	// rest of the district (and appeals placed nowhere).
	Transferred, Rest Side
	RepeatPhone       int // appeals repeating an earlier one by the same person
	RepeatPlace       int // by the same place and category
	RepeatAny         int // either way
	Repeats           []Repeat
	CountedTo         time.Time // when the aggregation job last ran; zero if never
}

// Count is one category or region: appeals in the period and in the one before.
type Count struct {
	ID          int64
	Name        string
	Parent      string // a region's town or township
	N, Prev     int
	Repeats     int  // appeals flagged as repeats (by phone or place)
	Transferred bool // a region of the transferred town or township
	// N by side, for the category comparison.
	NTransferred, NRest int
}

// Change is N against Prev as "+25%", "−10%", "new" or "".
func (c Count) Change() string { return change(c.N, c.Prev) }

// Week is one ISO week's appeals.
type Week struct {
	Label                string // "2026-W09"
	N, Transferred, Rest int
}

// Term is a hot term: in how many appeals it occurs, now and in the period before.
type Term struct {
	Term    string
	N, Prev int
}

// Change is N against Prev.
func (t Term) Change() string { return change(t.N, t.Prev) }

// Side is one side of the transferred / rest comparison.
type Side struct {
	N, Regions int // appeals; regions (villages, communities) they come from
	Repeats    int
	Prev       int
}

// PerRegion is the average number of appeals per region with appeals, one decimal.
func (s Side) PerRegion() float64 {
	if s.Regions == 0 {
		return 0
	}
	return float64(s.N*10/s.Regions) / 10
}

// Change is N against Prev.
func (s Side) Change() string { return change(s.N, s.Prev) }

// Repeat is an appeal flagged as a repeat, with the earlier one it repeats.
type Repeat struct {
	ID, PhoneOf, PlaceOf int64
	Code                 string
	PhoneOfCode          string
	PlaceOfCode          string
	Category, Region     string
	Received             time.Time
}

func change(n, prev int) string {
	switch {
	case prev == 0 && n == 0:
		return ""
	case prev == 0:
		return "new"
	}
	d := (n - prev) * 100 / prev
	if d > 0 {
		return "+" + strconv.Itoa(d) + "%"
	}
	if d < 0 {
		return "−" + strconv.Itoa(-d) + "%"
	}
	return "0%"
}

// HotPeriod checks the hot page's period; empty values default to the last 12 ISO weeks
// up to today.
func HotPeriod(from, to string, now time.Time) (Period, error) {
	if from == "" && to == "" {
		today := now.In(ui.Shanghai)
		monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7)-7*11)
		return Period{From: monday.Format(dateLayout), To: today.Format(dateLayout)}, nil
	}
	return ParsePeriod(from, to, now)
}

// previous is the period of the same length just before p.
func previous(p Period) Period {
	f, _ := time.Parse(dateLayout, p.From)
	t, _ := time.Parse(dateLayout, p.To)
	days := int(t.Sub(f).Hours()/24) + 1
	return Period{From: f.AddDate(0, 0, -days).Format(dateLayout), To: f.AddDate(0, 0, -1).Format(dateLayout)}
}
