package files_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tongchou/internal/files"
)

func newStore(t *testing.T) *files.Store {
	return files.New(filepath.Join(t.TempDir(), "files"), nil, nil, time.Now)
}

// blobs lists the stored blobs (temporary files excluded).
func blobs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, strings.TrimPrefix(p, dir))
		}
		return nil
	})
	return out
}

func TestPut(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		data       func(t testing.TB) []byte
		limit      int64
		wantType   string
		wantErr    error
	}{
		{"PDFAccepted", "方案.pdf", func(testing.TB) []byte { return samplePDF }, 0, "application/pdf", nil},
		{"PNGAccepted", "photo.PNG", samplePNG, 0, "image/png", nil},
		{"DOCXAccepted", "报告.docx", sampleDOCX, 0, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", nil},
		{"XLSXAccepted", "台账.xlsx", sampleXLSX, 0, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil},
		{"JPEGAccepted", "a.jpg", func(testing.TB) []byte { return []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00") }, 0, "image/jpeg", nil},
		{"LegacyDocAccepted", "旧.doc", func(testing.TB) []byte { return []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00") }, 0, "application/octet-stream", nil},
		{"TextAccepted", "纪要.txt", func(testing.TB) []byte { return sampleText }, 0, "text/plain; charset=utf-8", nil},
		{"ExactLimitAccepted", "a.txt", func(testing.TB) []byte { return bytes.Repeat([]byte("a"), 100) }, 100, "text/plain; charset=utf-8", nil},
		{"OverLimitRefused", "a.txt", func(testing.TB) []byte { return bytes.Repeat([]byte("a"), 101) }, 100, "", files.ErrTooLarge},
		{"EmptyRefused", "a.txt", func(testing.TB) []byte { return nil }, 0, "", files.ErrEmpty},
		{"ExeRenamedPDFRefused", "invoice.pdf", func(testing.TB) []byte { return sampleEXE }, 0, "", files.ErrType},
		{"HTMLRefused", "page.txt", func(testing.TB) []byte { return sampleHTML }, 0, "", files.ErrType},
		{"HTMLAsHTMLRefused", "page.html", func(testing.TB) []byte { return sampleHTML }, 0, "", files.ErrType},
		{"SVGRefused", "a.svg", func(testing.TB) []byte {
			return []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>`)
		}, 0, "", files.ErrMismatch},
		{"BareZipRefused", "a.docx", func(t testing.TB) []byte { return sampleZip(t, "evil.exe") }, 0, "", files.ErrType},
		{"PDFNamedDocxRefused", "a.docx", func(testing.TB) []byte { return samplePDF }, 0, "", files.ErrMismatch},
		{"PNGWithoutExtensionRefused", "photo", samplePNG, 0, "", files.ErrMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			b, err := s.Put(bytes.NewReader(tc.data(t)), tc.file, tc.limit)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Put(%s) error = %v, want %v", tc.file, err, tc.wantErr)
			}
			got := blobs(t, s.Dir())
			if tc.wantErr != nil {
				if len(got) != 0 {
					t.Fatalf("refused upload left %v on disk", got)
				}
				return
			}
			if b.ContentType != tc.wantType || b.Size != int64(len(tc.data(t))) || len(b.SHA256) != 64 {
				t.Fatalf("blob = %+v, want type %s and size %d", b, tc.wantType, len(tc.data(t)))
			}
			want := string(filepath.Separator) + filepath.Join(b.SHA256[:2], b.SHA256[2:4], b.SHA256)
			if len(got) != 1 || got[0] != want {
				t.Fatalf("stored %v, want [%s]", got, want)
			}
		})
	}
}

func TestPutIdenticalStoredOnce(t *testing.T) {
	s := newStore(t)
	a, err := s.Put(bytes.NewReader(samplePDF), "a.pdf", 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Put(bytes.NewReader(samplePDF), "b.pdf", 0)
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 || b.Name != "b.pdf" {
		t.Fatalf("second upload = %+v, want the same hash under its own name", b)
	}
	if got := blobs(t, s.Dir()); len(got) != 1 {
		t.Fatalf("identical uploads stored as %v, want one blob", got)
	}
	f, err := s.Open(a.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var back bytes.Buffer
	back.ReadFrom(f)
	if !bytes.Equal(back.Bytes(), samplePDF) {
		t.Fatalf("Open returned other bytes")
	}
}

func TestOpenMalformedHashNotFound(t *testing.T) {
	s := newStore(t)
	for _, h := range []string{"", "../../etc/passwd", strings.Repeat("g", 64), strings.Repeat("A", 64), strings.Repeat("a", 64)} {
		if _, err := s.Open(h); err == nil {
			t.Errorf("Open(%q) succeeded, want not found", h)
		}
	}
}

func TestCleanName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"../../etc/passwd", "passwd"},
		{`C:\Users\张三\报告.docx`, "报告.docx"},
		{"..", "file"},
		{"", "file"},
		{"a\x00b\r\n.pdf", "ab.pdf"},
		{"evil\u202Efdp.exe", "evilfdp.exe"},
		{strings.Repeat("长", 300) + ".pdf", strings.Repeat("长", 116) + ".pdf"},
	} {
		if got := files.CleanName(tc.in); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := files.ASCIIName(`报告"a".pdf`); got != `___a_.pdf` {
		t.Errorf("ASCIIName = %q", got)
	}
}
