package appeal

import (
	"strings"

	"tongchou/internal/crypt"
)

// NormalisePhone reduces a phone number to its digits, dropping spaces,
// dashes, brackets and a +86/0086 country prefix. It reports false unless
// the result is a mainland mobile (1[3-9] and 9 more digits) or a landline
// of 7 to 12 digits.
func NormalisePhone(s string) (string, bool) {
	if len(s) > 40 {
		return "", false
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(s, "+86") || strings.HasPrefix(s, "0086") {
		d = strings.TrimPrefix(strings.TrimPrefix(d, "00"), "86")
	}
	switch {
	case len(d) == 11 && d[0] == '1' && d[1] >= '3':
		return d, true
	case len(d) >= 7 && len(d) <= 12 && d[0] != '1':
		return d, true
	}
	return "", false
}

// PhoneHash is the keyed hash of a normalised phone number: it finds the
// appeals of one person (repeats, code recovery) while the number itself
// stays sealed. The empty number hashes to "".
func PhoneHash(s crypt.Suite, normalised string) string {
	if normalised == "" {
		return ""
	}
	return s.MAC([]byte("appeal-phone:" + normalised))
}
