package docx

import (
	"bytes"
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

const installHint = "apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-noto-cjk"

// fontAliases maps the official font names to CJK fonts a Linux machine has, so LibreOffice
// draws Simplified Chinese glyphs instead of falling back at random. Operators can install
// the same file into /etc/fonts/conf.d.
const fontAliases = `<?xml version="1.0"?>
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

// TestLibreOfficePDF converts the sample to PDF with LibreOffice, as CI does, and checks the
// page size and that the text a reader needs survived. LibreOffice spreads text on the
// character grid, so whitespace is removed before searching.
func TestLibreOfficePDF(t *testing.T) {
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found on PATH; install it: %s", tool, installHint)
		}
	}
	dir := t.TempDir()
	docx := filepath.Join(dir, "tongbao.docx")
	var b bytes.Buffer
	d := sample(t)
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(docx, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	fontconf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(fontconf, []byte(fontAliases), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, docx)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+fontconf, "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "tongbao.pdf")

	info := run(t, "pdfinfo", pdf)
	m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo shows no page size:\n%s", info)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	if w < 594 || w > 597 || h < 841 || h > 843 {
		t.Errorf("page is %.1f × %.1f pt, want A4 595 × 842", w, h)
	}

	text := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, run(t, "pdftotext", "-enc", "UTF-8", pdf, "-"))
	want := []string{d.Title, d.Number, "—1—", "抄送：区委办公室，区政府办公室。", "2026年11月27日印发"}
	for _, row := range d.Blocks[4].Rows {
		want = append(want, row...)
	}
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("PDF text: %s", text)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}
