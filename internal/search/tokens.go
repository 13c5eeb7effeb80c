// Package search is Chinese full-text search on both engines without a
// dictionary: text is cut into overlapping CJK bigrams (as Lucene's CJK
// analyzer does) and lowercased words, stored as a space-separated token
// column, and searched with the engine's plain full-text index (SQLite FTS5,
// PostgreSQL GIN over to_tsvector('simple')). A two-character word is one
// bigram, so it is always found; longer words are all their bigrams, ANDed;
// documents hold every CJK character alone too, so one character is found.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits keep a document and a query within what the engines index well
// (a PostgreSQL tsvector holds at most 1 MB).
const (
	maxTokenBytes = 60    // longer Latin/digit runs are cut
	maxDocTokens  = 20000 // distinct tokens per document
	MaxQueryRunes = 100   // longest search the board accepts
	maxQueryToks  = 32
)

// isCJK reports whether r is written without spaces between words (Han,
// kana, Hangul) and so is cut into bigrams.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isWord reports whether r belongs to a Latin/digit (or other alphabet) word.
func isWord(r rune) bool {
	return !isCJK(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// Tokens cuts text into index tokens, in order and with repeats: each run of
// CJK characters gives its overlapping bigrams (教育局 → 教育 育局), a lone
// CJK character stays a unigram, and each run of other letters or digits is
// one lowercased word. Everything else (spaces, punctuation, symbols) only
// separates, so no token ever holds a quote or an operator.
func Tokens(text string) []string {
	var out []string
	var run []rune
	flushCJK := func() {
		switch len(run) {
		case 0:
		case 1:
			out = append(out, string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	word := -1 // start of the current word in text, -1 when none
	flushWord := func(end int) {
		if word >= 0 {
			out = append(out, cut(strings.ToLower(text[word:end])))
			word = -1
		}
	}
	for i, r := range text {
		switch {
		case isCJK(r):
			flushWord(i)
			run = append(run, r)
		case isWord(r):
			flushCJK()
			if word < 0 {
				word = i
			}
		default:
			flushWord(i)
			flushCJK()
		}
	}
	flushWord(len(text))
	flushCJK()
	return out
}

// cut shortens a token to maxTokenBytes without splitting a character.
func cut(s string) string {
	if len(s) <= maxTokenBytes {
		return s
	}
	s = s[:maxTokenBytes]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// Doc is the token column's value for texts: their distinct tokens, space
// separated (order and repeats do not matter to an AND search). Besides the
// bigrams it holds every CJK character alone (as Lucene's CJK analyzer does
// with outputUnigrams), so a one-character search (路, 校) finds the words
// that contain it; longer searches still match bigrams only.
func Doc(texts ...string) string {
	seen := map[string]bool{}
	var b strings.Builder
	add := func(t string) {
		if seen[t] || len(seen) >= maxDocTokens {
			return
		}
		seen[t] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	for _, text := range texts {
		for _, t := range Tokens(text) {
			add(t)
			if first, size := utf8.DecodeRuneInString(t); isCJK(first) && size < len(t) {
				add(t[:size])
				add(t[size:])
			}
		}
	}
	return b.String()
}

// QueryTokens are the distinct tokens of a user's search, tokenised like the
// documents, at most maxQueryToks of them; all must match.
func QueryTokens(q string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range Tokens(q) {
		if !seen[t] && len(out) < maxQueryToks {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
