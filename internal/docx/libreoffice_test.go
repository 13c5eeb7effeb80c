package docx

import (
	"bytes"
	"strings"
	"testing"

	"tongchou/internal/docx/docxtest"
)

// TestLibreOfficePDF converts the sample to PDF with LibreOffice, as CI does, and checks the
// page size (in docxtest.PDFText) and that the text a reader needs survived. LibreOffice
// spreads text on the character grid, so whitespace is removed before searching.
func TestLibreOfficePDF(t *testing.T) {
	var b bytes.Buffer
	d := sample(t)
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	text := docxtest.PDFText(t, b.Bytes())
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
