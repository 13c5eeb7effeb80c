package appeal

import (
	"crypto/rand"
	"strings"
)

// codeAlphabet is Crockford's base32: digits and letters without I, L, O
// and U, so a code read aloud over the phone is not misheard.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeLen is the length of a tracking code: 10 symbols of 5 bits, 50 random
// bits from crypto/rand, enough that guessing a live code is hopeless.
const CodeLen = 10

// newCode returns a fresh random tracking code.
func newCode() string {
	var b [CodeLen]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return short)
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b[:])
}

// NormaliseCode reads a code as a citizen may type it: case, spaces and dashes
// ignored, O read as 0 and I or L as 1 (Crockford). It reports false for
// anything that cannot be a code.
func NormaliseCode(s string) (string, bool) {
	if len(s) > 40 {
		return "", false
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != CodeLen {
		return "", false
	}
	return b.String(), true
}

// NewCode returns a fresh random tracking code (the demo loader and bulk
// imports insert appeals themselves).
func NewCode() string { return newCode() }
