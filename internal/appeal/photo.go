package appeal

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"tongchou/internal/files"
)

// Photo limits: the upload (before re-encoding) and the picture's size.
const (
	MaxPhotoBytes  = 8 << 20
	maxPhotoPixels = 40_000_000
)

// Errors PutPhoto returns; the portal shows them beside the photo input.
var (
	ErrPhotoType  = errors.New("photo must be a JPEG or PNG image")
	ErrPhotoLarge = errors.New("photo too large")
)

// PutPhoto reads a citizen's photo, refuses anything but a JPEG or PNG
// within the limits, and stores it re-encoded by the standard library, which
// writes pixels only: EXIF (GPS position, camera serial), XMP, comments and
// any data hidden after the image are all dropped. The returned blob goes
// into Intake.Photos.
func (s *Store) PutPhoto(r io.Reader, name string) (files.Blob, error) {
	if s.files == nil {
		return files.Blob{}, fmt.Errorf("photos: no file store")
	}
	clean, ext, err := CleanPhoto(r)
	if err != nil {
		return files.Blob{}, err
	}
	base := strings.TrimSuffix(files.CleanName(name), "."+ext)
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	if base == "" {
		base = "photo"
	}
	b, err := s.files.Put(bytes.NewReader(clean), base+"."+ext, MaxPhotoBytes)
	if err != nil {
		return files.Blob{}, fmt.Errorf("store photo: %w", err)
	}
	return b, nil
}

// CleanPhoto decodes a JPEG or PNG from r and encodes it again without any
// metadata; it returns the new bytes and the extension ("jpg" or "png").
func CleanPhoto(r io.Reader) ([]byte, string, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxPhotoBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("read photo: %w", err)
	}
	if len(raw) > MaxPhotoBytes {
		return nil, "", ErrPhotoLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || (format != "jpeg" && format != "png") {
		return nil, "", ErrPhotoType
	}
	if cfg.Width*cfg.Height > maxPhotoPixels { // a decompression bomb
		return nil, "", ErrPhotoLarge
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, "", ErrPhotoType
	}
	var out bytes.Buffer
	if format == "png" {
		err = png.Encode(&out, img)
		return out.Bytes(), "png", err
	}
	err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	return out.Bytes(), "jpg", err
}
