package survey

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// QRPNG draws text as a QR code PNG of about size pixels, with the quiet
// zone of four modules the standard asks for (scanners miss codes without it).
func QRPNG(text string, size int) ([]byte, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr encode: %w", err)
	}
	modules := code.Bounds().Dx()
	scale := max(size/(modules+8), 2)
	scaled, err := barcode.Scale(code, modules*scale, modules*scale)
	if err != nil {
		return nil, fmt.Errorf("qr scale: %w", err)
	}
	side := (modules + 8) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(4*scale, 4*scale, side-4*scale, side-4*scale), scaled, image.Point{}, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qr png: %w", err)
	}
	return buf.Bytes(), nil
}

// QR is GET /surveys/{id}/qr.png: the public address as a QR code to print
// on posters and notices.
func (h *Pages) QR(w http.ResponseWriter, r *http.Request) error {
	s, err := h.surveyParam(r)
	if err != nil {
		return err
	}
	b, err := QRPNG(h.absolute(r, s.PublicPath()), 320)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="survey-`+s.Slug+`-qr.png"`)
	}
	_, err = w.Write(b)
	return err
}
