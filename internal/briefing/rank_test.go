package briefing

import (
	"slices"
	"testing"
)

func scoredRow(name string, score float64) UnitRow {
	return UnitRow{Name: name, Scored: true, Score: score, Series: SeriesDepartment}
}

func TestRankSeries(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rows      []UnitRow
		wantRanks map[string]int
		wantRed   []string
		wantBlack []string
	}{
		{
			name:      "TiesShareARankAndTheNextSkips",
			rows:      []UnitRow{scoredRow("甲", 90), scoredRow("乙", 85), scoredRow("丙", 85), scoredRow("丁", 70)},
			wantRanks: map[string]int{"甲": 1, "乙": 2, "丙": 2, "丁": 4},
			wantRed:   []string{"甲", "乙", "丙"},
			wantBlack: []string{"丁"},
		},
		{
			name:      "NothingDueIsListedLastUnranked",
			rows:      []UnitRow{{Name: "无事局", Series: SeriesDepartment}, scoredRow("甲", 60), scoredRow("乙", 95)},
			wantRanks: map[string]int{"乙": 1, "甲": 2, "无事局": 0},
			wantRed:   []string{"乙"},
			wantBlack: []string{"甲"},
		},
		{
			name: "BoardsNameOnlyUnitsThatMetOrMissedTheTarget",
			rows: []UnitRow{scoredRow("甲", 79.9), scoredRow("乙", 80), scoredRow("丙", 50), scoredRow("丁", 99),
				scoredRow("戊", 98), scoredRow("己", 97)},
			wantRanks: map[string]int{"丁": 1, "戊": 2, "己": 3, "乙": 4, "甲": 5, "丙": 6},
			wantRed:   []string{"丁", "戊", "己"},
			wantBlack: []string{"丙", "甲"},
		},
		{
			name:      "TiesAtTheBottomAllGoOnTheBlackList",
			rows:      []UnitRow{scoredRow("甲", 40), scoredRow("乙", 40), scoredRow("丙", 40), scoredRow("丁", 40), scoredRow("戊", 90)},
			wantRanks: map[string]int{"戊": 1, "甲": 2, "乙": 2, "丙": 2, "丁": 2},
			wantRed:   []string{"戊"},
			wantBlack: []string{"丁", "丙", "乙", "甲"},
		},
		{
			name:      "AllUnrankedGivesEmptyBoards",
			rows:      []UnitRow{{Name: "甲", Series: SeriesDepartment}, {Name: "乙", Series: SeriesDepartment}},
			wantRanks: map[string]int{"甲": 0, "乙": 0},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := rankSeries(SeriesDepartment, tc.rows, DefaultSettings)
			for _, r := range s.Rows {
				if r.Rank != tc.wantRanks[r.Name] {
					t.Errorf("%s: rank %d, want %d", r.Name, r.Rank, tc.wantRanks[r.Name])
				}
			}
			slices.Sort(tc.wantRed)
			slices.Sort(tc.wantBlack)
			if got := names(s.Red); !slices.Equal(got, tc.wantRed) {
				t.Errorf("红榜 %v, want %v", got, tc.wantRed)
			}
			if got := names(s.Black); !slices.Equal(got, tc.wantBlack) {
				t.Errorf("黑榜 %v, want %v", got, tc.wantBlack)
			}
		})
	}
}

func names(rows []UnitRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	slices.Sort(out)
	return out
}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name   string
		row    UnitRow
		s      Settings
		scored bool
		want   float64
	}{
		{"DefaultWeights", UnitRow{ReportsDue: 4, OnTime: 3, CompletionDue: 2, CompletedOnTime: 1, Open: 5, Red: 1}, DefaultSettings, true, 66},
		{"NoOpenTasksLeavesTheLightShareOut", UnitRow{ReportsDue: 2, OnTime: 2, CompletionDue: 1, CompletedOnTime: 0}, DefaultSettings, true, 50},
		{"NothingDueIsNotScored", UnitRow{Open: 3}, DefaultSettings, false, 0},
		{"ConfiguredWeights", UnitRow{ReportsDue: 1, OnTime: 1, CompletionDue: 1, Open: 1, Red: 1},
			Settings{WeightReports: 100, BoardSize: 3, Target: 80}, true, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			score(&tc.row, tc.s)
			if tc.row.Scored != tc.scored || tc.row.Score != tc.want {
				t.Errorf("scored %v %.1f, want %v %.1f", tc.row.Scored, tc.row.Score, tc.scored, tc.want)
			}
		})
	}
}
