package appealstat

import (
	"errors"
	"testing"
	"time"

	"tongchou/internal/ui"
)

func TestCombinedScore(t *testing.T) {
	s := DefaultSettings()
	for _, tc := range []struct {
		name      string
		u         UnitRates
		want      float64
		wantScore bool
	}{
		{"AllPerfect", UnitRates{Response: Rate{4, 4}, Solve: Rate{2, 2}, Satisfaction: Rate{1, 1}}, 100, true},
		{"WeightedMean", UnitRates{Response: Rate{1, 2}, Solve: Rate{1, 1}, Satisfaction: Rate{0, 1}}, 50, true},          // 0.3*50+0.35*100+0.35*0
		{"MissingRateDropsOut", UnitRates{Response: Rate{1, 2}, Solve: Rate{0, 0}, Satisfaction: Rate{1, 1}}, 76.9, true}, // (15+35)/65
		{"NothingToScore", UnitRates{}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.u.combine(s)
			if tc.u.HasScore != tc.wantScore || tc.u.Score != tc.want {
				t.Fatalf("score = %v (has %v), want %v (has %v)", tc.u.Score, tc.u.HasScore, tc.want, tc.wantScore)
			}
		})
	}
}

func TestRatePercent(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    Rate
		want string
	}{
		{"NoDenominator", Rate{0, 0}, "—"},
		{"Third", Rate{1, 3}, "33.3%"},
		{"Whole", Rate{3, 3}, "100.0%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.Percent(); got != tc.want {
				t.Fatalf("Percent = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSettingsFormValidation(t *testing.T) {
	ok := settingsForm{Response: "20", Solve: "40", Satisfaction: "40", Round: RoundFirst, Basis: BasisReceived}
	for _, tc := range []struct {
		name  string
		f     settingsForm
		field string // "" when valid
	}{
		{"Valid", ok, ""},
		{"SumNot100", settingsForm{Response: "30", Solve: "30", Satisfaction: "30", Round: RoundFinal, Basis: BasisEvent}, "response"},
		{"NotANumber", settingsForm{Response: "三十", Solve: "35", Satisfaction: "35", Round: RoundFinal, Basis: BasisEvent}, "response"},
		{"Negative", settingsForm{Response: "130", Solve: "-30", Satisfaction: "0", Round: RoundFinal, Basis: BasisEvent}, "solve"},
		{"UnknownRound", settingsForm{Response: "30", Solve: "35", Satisfaction: "35", Round: "<script>", Basis: BasisEvent}, "round"},
		{"UnknownBasis", settingsForm{Response: "30", Solve: "35", Satisfaction: "35", Round: RoundFinal, Basis: "' OR 1=1"}, "basis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.f.settings()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("settings() = %v, want valid", err)
				}
				return
			}
			if e := ui.AsErrors(err); e == nil || e[tc.field] == "" {
				t.Fatalf("settings() = %v, want an error on %s", err, tc.field)
			}
		})
	}
}

func TestSettingsFromRows(t *testing.T) {
	if got := settingsFrom(nil); got != DefaultSettings() {
		t.Fatalf("no rows = %+v, want defaults", got)
	}
	stored := settingsFrom(Settings{WeightResponse: 50, WeightSolve: 25, WeightSatisfaction: 25, Round: RoundFirst, Basis: BasisReceived, ExcludePending: true}.values())
	if stored.WeightResponse != 50 || stored.Round != RoundFirst || !stored.ExcludePending || stored.BasicSatisfied {
		t.Fatalf("round trip = %+v", stored)
	}
	if got := settingsFrom(map[string]string{"weight_response": "x"}); got != DefaultSettings() {
		t.Fatalf("broken rows = %+v, want defaults", got)
	}
}

func TestParsePeriod(t *testing.T) {
	now := time.Date(2026, 3, 15, 20, 0, 0, 0, time.UTC) // 2026-03-16 04:00 in Shanghai
	for _, tc := range []struct {
		name, from, to string
		want           Period
		field          string
	}{
		{"DefaultsToThisMonthInShanghai", "", "", Period{"2026-03-01", "2026-03-16"}, ""},
		{"OneDay", "2026-02-14", "2026-02-14", Period{"2026-02-14", "2026-02-14"}, ""},
		{"Malformed", "2026-2-1", "2026-02-28", Period{}, "from"},
		{"Nonsense", "<b>", "2026-02-28", Period{}, "from"},
		{"Reversed", "2026-03-01", "2026-02-01", Period{}, "to"},
		{"TooLong", "2000-01-01", "2026-01-01", Period{}, "to"},
		{"Huge", string(make([]byte, 1<<20)), "2026-01-01", Period{}, "from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePeriod(tc.from, tc.to, now)
			if tc.field != "" {
				var e ui.Errors
				if !errors.As(err, &e) || e[tc.field] == "" {
					t.Fatalf("ParsePeriod = %v, want an error on %s", err, tc.field)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParsePeriod = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestPeriodBoundsAreShanghaiDays(t *testing.T) {
	start, end := Period{"2026-03-01", "2026-03-31"}.Bounds()
	if want := time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Fatalf("start = %v, want %v", start, want)
	}
	if want := time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Fatalf("end = %v, want %v", end, want)
	}
}

func TestWeeks(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Period
		want []string
	}{
		{"YearBoundaryBelongsToWeek1", Period{"2025-12-29", "2026-01-04"}, []string{"2026-W01"}},
		{"ThreeWeeks", Period{"2026-02-15", "2026-03-02"}, []string{"2026-W07", "2026-W08", "2026-W09", "2026-W10"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := weeksOf(tc.p)
			if len(got) != len(tc.want) {
				t.Fatalf("weeksOf = %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("weeksOf = %v, want %v", got, tc.want)
				}
			}
		})
	}
}
