package appeal_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/appeal"
	"tongchou/internal/files"
)

// TestPhotoShownToStaffWithoutMetadata: a photo sent with EXIF is stored
// re-encoded, shown on the staff page, served without the metadata, and
// not to a unit outside the appeal's scope.
func TestPhotoShownToStaffWithoutMetadata(t *testing.T) {
	e := newPageEnv(t)
	ctx := context.Background()
	fs := files.New(filepath.Join(filepath.Dir(e.App.Config.KeyFile), "files"), e.App.DB, e.App.Audit, e.Clock.Now)
	s := appeal.New(e.App.DB, e.App.Audit, e.App.Suite, fs, e.Clock.Now)
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	img.Set(3, 3, color.RGBA{0, 128, 0, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x16}, []byte("Exif\x00\x00GPS 31.2N 121.4E")...)
	withExif := append(append(append([]byte{}, raw[:2]...), exif...), raw[2:]...)
	blob, err := s.PutPhoto(bytes.NewReader(withExif), "IMG_0001.JPG")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutPhoto(strings.NewReader("%PDF-1.4 not a photo"), "x.jpg"); err != appeal.ErrPhotoType {
		t.Fatalf("pdf as photo: %v", err)
	}
	var cat, village int64
	e.App.DB.QueryRow(ctx, `SELECT id FROM appeal_categories WHERE name = '环境'`).Scan(&cat)
	e.App.DB.QueryRow(ctx, `SELECT id FROM regions WHERE name = '石门村'`).Scan(&village)
	code, err := s.Submit(ctx, appeal.Intake{CategoryID: cat, RegionID: village, Description: "河道垃圾", Photos: []files.Blob{blob}})
	if err != nil {
		t.Fatal(err)
	}
	var id, photo int64
	e.App.DB.QueryRow(ctx, `SELECT a.id, p.id FROM appeals a JOIN appeal_photos p ON p.appeal_id = a.id WHERE a.code = ?`, code).Scan(&id, &photo)
	ducha := e.Client("10.0.0.1")
	ducha.MustLogin("ducha")
	path := "/appeals/" + strconv.FormatInt(id, 10)
	src := path + "/photos/" + strconv.FormatInt(photo, 10)
	if r := ducha.Get(path); !strings.Contains(r.Body, `src="`+src+`"`) {
		t.Fatal("photo not on the staff page")
	}
	r := ducha.Get(src)
	if r.Code != http.StatusOK || r.Header().Get("Content-Type") != "image/jpeg" || strings.Contains(r.Body, "Exif") || strings.Contains(r.Body, "GPS") {
		t.Fatalf("photo: %d %s", r.Code, r.Header().Get("Content-Type"))
	}
	if r := ducha.Get(path + "/photos/999999"); r.Code != http.StatusNotFound {
		t.Fatalf("unknown photo: %d", r.Code)
	}
	jiaoyu := e.Client("10.0.0.2")
	jiaoyu.MustLogin("jiaoyu")
	if r := jiaoyu.Get(src); r.Code != http.StatusNotFound {
		t.Fatalf("unit outside scope: %d", r.Code)
	}
}
