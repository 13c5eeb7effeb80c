package search

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"HanRunGivesBigrams", "教育局办学", []string{"教育", "育局", "局办", "办学"}},
		{"LoneHanIsUnigram", "局", []string{"局"}},
		{"PunctuationSplitsRuns", "校车，安全。局", []string{"校车", "安全", "局"}},
		{"LatinLowercasedWhole", "GDP增长5G网络", []string{"gdp", "增长", "5g", "网络"}},
		{"SymbolsOnlySeparate", `'; DROP TABLE "x" <script>`, []string{"drop", "table", "x", "script"}},
		{"EmptyGivesNone", "  ，。", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Tokens(tc.text); !slices.Equal(got, tc.want) {
				t.Fatalf("Tokens(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestDocIsDistinctAndBounded(t *testing.T) {
	if got := Doc("教育教育", "教育"); got != "教育 教 育 育教" {
		t.Fatalf("Doc = %q, want distinct tokens", got)
	}
	long := Doc(strings.Repeat("a", 1<<20))
	if len(long) != maxTokenBytes {
		t.Fatalf("a 1 MB word gives a %d-byte token, want %d", len(long), maxTokenBytes)
	}
	if n := len(QueryTokens(strings.Repeat("甲乙丙丁戊己庚辛壬癸", 20))); n != 10 {
		t.Fatalf("QueryTokens repeated = %d tokens, want 10 distinct", n)
	}
}
