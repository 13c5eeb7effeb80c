package appealstat

import (
	"slices"
	"testing"
)

func TestTermsCut(t *testing.T) {
	terms, err := NewTerms([]string{"青石镇", "东山村"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		text string
		want []string // must all appear
		not  []string // must not appear
	}{
		{"PlaceNamesStayWholeAndAreLeftOut", "青石镇东山村的路灯坏了三个月，希望尽快修理。",
			[]string{"路灯", "修理"}, []string{"青石镇", "东山村", "镇东", "山村", "希望", "尽快", "三个"}},
		{"DomainWordsStayWhole", "村里污水直排，臭味很大，还有占道经营。",
			[]string{"污水", "直排", "臭味", "占道"}, []string{"村里", "很大"}},
		{"SchoolPlacesFound", "孩子入学难，学位不够，幼儿园太远。",
			[]string{"入学", "学位", "幼儿园", "孩子"}, []string{"不够"}},
		{"NumbersAndPunctuationDropped", "2026年3月 12345 热线！！！ <script>",
			[]string{"热线", "script"}, []string{"2026", "12345", "<", "！"}},
		{"EmptyText", "", nil, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := terms.Cut(tc.text)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("Cut(%q) = %q, missing %q", tc.text, got, w)
				}
			}
			for _, w := range tc.not {
				if slices.Contains(got, w) {
					t.Errorf("Cut(%q) = %q, has %q", tc.text, got, w)
				}
			}
		})
	}
}

func TestTermsCutCountsARepeatedWordOnce(t *testing.T) {
	terms, err := NewTerms(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := terms.Cut("停水停水停水，又停水")
	n := 0
	for _, w := range got {
		if w == "停水" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("Cut = %q: 停水 %d times, want once", got, n)
	}
}
