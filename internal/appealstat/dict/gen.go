//go:build ignore

// gen writes zh_trim.txt, the trimmed dictionary the hot-term segmenter loads, from
// gse's simplified-Chinese dictionary in the module cache:
//
//	go run ./internal/appealstat/dict/gen.go
//
// gse's full dictionary takes ~130 MB of heap; this one (~60k words) ~16 MB. Kept: single
// characters (frequency ≥ 3), two-character words (≥ 20) and three- or four-character words
// (≥ 300), Chinese characters only. Rare words the appeals need are in domain.txt.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil {
		fail(err)
	}
	in, err := os.Open(filepath.Join(strings.TrimSpace(string(out)), "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		fail(err)
	}
	defer in.Close()
	w, err := os.Create(filepath.Join("internal", "appealstat", "dict", "zh_trim.txt"))
	if err != nil {
		fail(err)
	}
	bw := bufio.NewWriter(w)
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || !han(f[0]) {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || !keep(utf8.RuneCountInString(f[0]), n) {
			continue
		}
		pos := "n"
		if len(f) > 2 {
			pos = f[2]
		}
		fmt.Fprintf(bw, "%s %d %s\n", f[0], n, pos)
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	if err := bw.Flush(); err != nil {
		fail(err)
	}
	if err := w.Close(); err != nil {
		fail(err)
	}
}

func keep(runes, freq int) bool {
	switch {
	case runes == 1:
		return freq >= 3
	case runes == 2:
		return freq >= 20
	case runes <= 4:
		return freq >= 300
	}
	return false
}

func han(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
