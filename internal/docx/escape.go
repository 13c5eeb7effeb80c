package docx

import (
	"strings"
	"unicode/utf8"
)

// xmlText returns s escaped for XML character data and attribute values, with the
// characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF, invalid
// UTF-8) removed: a stray control character pasted from another program must not make
// Word refuse the whole file.
func xmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue // invalid byte, not a real U+FFFD
			}
		}
		if !validXMLChar(r) {
			continue
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validXMLChar reports whether r is a Char in the XML 1.0 grammar.
func validXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// lines splits text at line breaks into the paragraphs it stands for, dropping blank ones.
func lines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
