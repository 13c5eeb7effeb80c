package portal_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func sampleJPEG(t *testing.T, exif string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if exif == "" {
		return b
	}
	// An APP1 (EXIF) segment right after SOI, as cameras write it.
	payload := append([]byte("Exif\x00\x00"), exif...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(append(append([]byte{}, b[:2]...), append(seg, payload...)...), b[2:]...)
}

func samplePNG(t *testing.T) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	return buf.Bytes()
}

func TestAppealPhotos(t *testing.T) {
	env := authtest.New(t)
	for _, tc := range []struct {
		name   string
		files  map[string][]byte
		status int
		want   string
	}{
		{"JPEGAccepted", map[string][]byte{"a.jpg": sampleJPEG(t, "")}, http.StatusSeeOther, ""},
		{"PNGAccepted", map[string][]byte{"b.png": samplePNG(t)}, http.StatusSeeOther, ""},
		{"HTMLNamedJPEGRefused", map[string][]byte{"x.jpg": []byte("<html><script>alert(1)</script></html>")}, http.StatusUnprocessableEntity, "JPG 或 PNG"},
		{"PDFRefused", map[string][]byte{"x.pdf": []byte("%PDF-1.4 hello")}, http.StatusUnprocessableEntity, "JPG 或 PNG"},
		{"ContentDecidesNotName", map[string][]byte{"x.png": sampleJPEG(t, "")}, http.StatusSeeOther, ""},
		{"TooManyRefused", map[string][]byte{"1.png": samplePNG(t), "2.png": samplePNG(t), "3.png": samplePNG(t),
			"4.png": samplePNG(t), "5.png": samplePNG(t), "6.png": samplePNG(t)}, http.StatusUnprocessableEntity, "最多 5 张"},
		{"OversizeRefused", map[string][]byte{"big.jpg": append(sampleJPEG(t, ""), make([]byte, 9<<20)...)}, http.StatusUnprocessableEntity, "8 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("203.0.113.1" + itoa(len(tc.name)%50))
			before := countAppeals(t, env)
			f := appealForm(t, c)
			r := postMultipart(env, c.IP, "/public/appeal/submit", f.Values, tc.files)
			if r.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.Code, tc.status, r.Body.String())
			}
			if tc.want != "" && !strings.Contains(r.Body.String(), tc.want) {
				t.Fatalf("page lacks %q", tc.want)
			}
			want := before
			if tc.status == http.StatusSeeOther {
				want++
			}
			if n := countAppeals(t, env); n != want {
				t.Fatalf("appeals %d, want %d", n, want)
			}
		})
	}
	t.Run("MetadataStripped", func(t *testing.T) {
		c := env.Client("203.0.113.99")
		f := appealForm(t, c)
		r := postMultipart(env, c.IP, "/public/appeal/submit", f.Values, map[string][]byte{"gps.jpg": sampleJPEG(t, "GPS 31.2304N 121.4737E OWNER-SECRET")})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", r.Code, r.Body.String())
		}
		code := codeOf(t, r.Header().Get("Location"))
		var sum string
		err := env.App.DB.QueryRow(context.Background(), `SELECT p.sha256 FROM appeal_photos p JOIN appeals a ON a.id = p.appeal_id
			WHERE a.code = ?`, code).Scan(&sum)
		if err != nil {
			t.Fatalf("photo row: %v", err)
		}
		b, err := os.ReadFile(filepath.Join(filepath.Dir(env.App.Config.KeyFile), "files", sum[:2], sum[2:4], sum))
		if err != nil {
			t.Fatalf("stored photo: %v", err)
		}
		if bytes.Contains(b, []byte("OWNER-SECRET")) || bytes.Contains(b, []byte("Exif")) {
			t.Fatal("stored photo still carries its EXIF segment")
		}
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("stored photo is not a JPEG: %v", err)
		}
	})
}
