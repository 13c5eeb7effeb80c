package files

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
)

// kind is one allowed type: the content type it is served as and the
// extensions a name of that content may carry.
type kind struct {
	contentType string
	exts        []string
}

// The allow-list. DOC and XLS share the OLE2 container, which is not opened
// to tell them apart: either extension is accepted for it.
var (
	kindPDF  = kind{"application/pdf", []string{".pdf"}}
	kindPNG  = kind{"image/png", []string{".png"}}
	kindJPEG = kind{"image/jpeg", []string{".jpg", ".jpeg"}}
	kindDOCX = kind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}}
	kindXLSX = kind{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}}
	kindOLE2 = kind{"application/octet-stream", []string{".doc", ".xls"}}
	kindText = kind{"text/plain; charset=utf-8", []string{".txt"}}
)

// Allowed lists the extensions accepted, for the upload form's hint.
const Allowed = ".pdf .docx .xlsx .doc .xls .png .jpg .jpeg .txt"

var ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// detect tells the type from the content of f (n bytes) and checks the
// name's extension agrees with it.
func detect(f io.ReaderAt, n int64, name string) (string, error) {
	head := make([]byte, 512)
	m, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return "", err
	}
	head = head[:m]
	k, ok := sniff(f, n, head)
	if !ok {
		return "", ErrType
	}
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range k.exts {
		if e == ext {
			return k.contentType, nil
		}
	}
	return "", ErrMismatch
}

// sniff matches the magic numbers first, then lets the standard sniffer
// decide whether what is left is plain text (it reports HTML as text/html,
// which is refused).
func sniff(f io.ReaderAt, n int64, head []byte) (kind, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return kindPDF, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return kindPNG, true
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return kindJPEG, true
	case bytes.HasPrefix(head, ole2Magic):
		return kindOLE2, true
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return officeZip(f, n)
	}
	if strings.HasPrefix(http.DetectContentType(head), "text/plain") && bytes.IndexByte(head, 0) < 0 {
		return kindText, true
	}
	return kind{}, false
}

// officeZip accepts a ZIP only when it is an Office Open XML document: it
// has [Content_Types].xml and the main part of a Word or Excel file.
func officeZip(f io.ReaderAt, n int64) (kind, bool) {
	z, err := zip.NewReader(f, n)
	if err != nil {
		return kind{}, false
	}
	has := map[string]bool{}
	for _, e := range z.File {
		has[e.Name] = true
	}
	switch {
	case !has["[Content_Types].xml"]:
		return kind{}, false
	case has["word/document.xml"]:
		return kindDOCX, true
	case has["xl/workbook.xml"]:
		return kindXLSX, true
	}
	return kind{}, false
}
