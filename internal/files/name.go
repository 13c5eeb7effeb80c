package files

import (
	"strings"
	"unicode"
)

// maxName bounds a kept file name, in characters.
const maxName = 120

// CleanName keeps the last element of an uploaded name (browsers on Windows
// send C:\…\name, an attacker ../../etc/passwd), without control or
// direction-override characters, at most maxName characters; an empty
// result is "file". The name is only ever shown and sent back in a
// Content-Disposition header: blobs are addressed by hash, never by name.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > maxName {
		ext := []rune(extOf(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(r[:maxName-len(ext)]) + string(ext)
	}
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	return name
}

// ASCIIName is name with every byte outside printable ASCII, and the quote
// and backslash, replaced: the filename= fallback of Content-Disposition.
func ASCIIName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			return '_'
		}
		return r
	}, name)
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}
