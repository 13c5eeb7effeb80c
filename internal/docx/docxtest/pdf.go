// Package docxtest converts DOCX files to PDF with LibreOffice for tests, as
// CI does, and reads the PDF back with poppler: the page sizes and the text.
package docxtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// InstallHint names the Debian packages the conversion needs.
const InstallHint = "apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-noto-cjk"

// FontAliases maps the official font names to CJK fonts a Linux machine has,
// so LibreOffice draws Simplified Chinese glyphs instead of falling back at random.
const FontAliases = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family><family>serif</family></prefer></alias>
  <alias><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family><family>serif</family></prefer></alias>
  <alias><family>楷体_GB2312</family><prefer><family>Noto Serif CJK SC</family><family>serif</family></prefer></alias>
  <alias><family>宋体</family><prefer><family>Noto Serif CJK SC</family><family>serif</family></prefer></alias>
  <alias><family>黑体</family><prefer><family>Noto Sans CJK SC</family><family>sans-serif</family></prefer></alias>
</fontconfig>
`

// PDFText converts docx to PDF, fails the test unless every page is A4, and
// returns the PDF's text with white space removed (LibreOffice spreads text
// on the character grid, so words come apart).
func PDFText(t testing.TB, docx []byte) string {
	t.Helper()
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found on PATH; install it: %s", tool, InstallHint)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "document.docx")
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte(FontAliases), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "document.pdf")
	info, err := exec.Command("pdfinfo", "-f", "1", "-l", "999", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	sizes := regexp.MustCompile(`Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts`).FindAllStringSubmatch(string(info), -1)
	if len(sizes) == 0 {
		t.Fatalf("pdfinfo shows no page sizes:\n%s", info)
	}
	for i, m := range sizes {
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		if w < 594 || w > 597 || h < 841 || h > 843 {
			t.Errorf("page %d is %.1f × %.1f pt, want A4 595 × 842", i+1, w, h)
		}
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return Squeeze(string(text))
}

// Squeeze removes white space, as PDFText does from the PDF's text.
func Squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
