package org

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// maxEmail is the longest address a mail system accepts (RFC 5321).
const maxEmail = 254

// ValidEmail reports whether s is one bare address with a dotted domain,
// e.g. zhang@example.gov.cn: no display name, no local-only host.
func ValidEmail(s string) bool {
	if len(s) > maxEmail {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}

// MaskEmail hides an address but for its first character and its domain,
// for lists and the audit log: zhang@example.gov.cn → z***@example.gov.cn.
func MaskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		if s == "" {
			return ""
		}
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + "***" + s[at:]
}
