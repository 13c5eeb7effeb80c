package org

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// matchUnit reports whether a unit name matches what a user typed: part of
// the name (教育), the pinyin initials (jyj finds 教育局) or the full pinyin
// without tones (jiaoyu). Units are few (hundreds), so this runs in Go over
// the list instead of keeping pinyin columns in step with renames.
func matchUnit(name, query string) bool {
	q := strings.ToLower(strings.Join(strings.Fields(query), ""))
	if q == "" {
		return true
	}
	if strings.Contains(name, q) {
		return true
	}
	if !isASCIILetters(q) {
		return false
	}
	initials, full := pinyinOf(name)
	return strings.Contains(initials, q) || strings.Contains(full, q)
}

var (
	firstLetters = func() pinyin.Args { a := pinyin.NewArgs(); a.Style = pinyin.FirstLetter; return a }()
	plainPinyin  = pinyin.NewArgs()
)

// pinyinOf returns the initials and the full toneless pinyin of name.
func pinyinOf(name string) (initials, full string) {
	return strings.Join(pinyin.LazyPinyin(name, firstLetters), ""), strings.Join(pinyin.LazyPinyin(name, plainPinyin), "")
}

func isASCIILetters(s string) bool {
	if utf8.RuneCountInString(s) > 64 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
