package files_test

import (
	"archive/zip"
	"bytes"
	"image"
	"image/png"
	"testing"
)

// Small real files of each kind the tests upload.
var (
	samplePDF  = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	sampleEXE  = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 64)...)
	sampleHTML = []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
	sampleText = []byte("调研纪要：走访学校三所。\n")
)

// samplePNG is a 2×2 PNG.
func samplePNG(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sampleZip is a ZIP holding the named entries (a DOCX when they are those of
// a Word file).
func sampleZip(t testing.TB, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleDOCX(t testing.TB) []byte {
	return sampleZip(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
}

func sampleXLSX(t testing.TB) []byte {
	return sampleZip(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
}
