package appealstat

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// The hot-term dictionaries. gse's own full dictionary takes ~130 MB of heap; zh_trim.txt is
// a trimmed copy of it (~60k words, ~16 MB of heap, made by dict/gen.go) and domain.txt adds
// the rare words appeals use (污水, 占道, 学位 …) so they stay whole.
var (
	//go:embed dict/zh_trim.txt
	dictTrim string
	//go:embed dict/domain.txt
	dictDomain string
	//go:embed dict/stopwords.txt
	stopWordsText string
)

// maxTermRunes caps a term: longer "words" are unsegmented runs, not terms.
const maxTermRunes = 8

// Terms cuts appeal texts into the terms counted as hot issues. It is safe for concurrent
// use once built (gse's cut only reads the dictionary).
type Terms struct {
	seg  gse.Segmenter
	stop map[string]bool
}

// NewTerms builds a segmenter from the embedded dictionaries. Place names (villages,
// towns) are added as whole words and left out of the terms: the village chart counts
// places, and a place name cut in halves (青石镇东山村 → 镇东 山村) would count nonsense.
func NewTerms(places []string) (*Terms, error) {
	t := &Terms{stop: stopWords()}
	t.seg.SkipLog = true
	if err := t.seg.LoadDictStr(dictTrim); err != nil {
		return nil, fmt.Errorf("load hot-term dictionary: %w", err)
	}
	for _, d := range []string{dictDomain} {
		for _, line := range strings.Split(d, "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			if err := t.seg.AddToken(f[0], 2000, f[len(f)-1]); err != nil {
				return nil, fmt.Errorf("add domain word %q: %w", f[0], err)
			}
		}
	}
	for _, p := range places {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if err := t.seg.AddToken(p, 5000, "ns"); err != nil {
			return nil, fmt.Errorf("add place %q: %w", p, err)
		}
		t.stop[p] = true
	}
	return t, nil
}

// stopWords reads the embedded stop-word list (lines starting with # are comments).
func stopWords() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(stopWordsText))
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w != "" && !strings.HasPrefix(w, "#") {
			m[w] = true
		}
	}
	return m
}

// Cut returns the distinct terms of text in order of first appearance: two to eight
// characters of Chinese, letters or digits, not a stop word, not a number. An appeal
// that repeats a word counts it once, so one long complaint does not make a hot issue.
func (t *Terms) Cut(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range t.seg.Cut(text, true) {
		w = strings.ToLower(strings.TrimSpace(w))
		if seen[w] || !t.isTerm(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

func (t *Terms) isTerm(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > maxTermRunes || t.stop[w] {
		return false
	}
	han, digits := false, true
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Han, r):
			han, digits = true, false
		case unicode.IsLetter(r):
			digits = false
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	// Latin-only fragments ("the", ids) and numbers are not issues; Chinese words are.
	return han || (!digits && n >= 3)
}
