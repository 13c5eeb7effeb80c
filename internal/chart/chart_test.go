package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var units = []string{"区教育局", "东湖街道", "西山镇"}

func ranking() Chart {
	return Bar("各单位得分", units, []Series{{Name: "得分", Values: []float64{95.5, 91, 3}}})
}

func trend() Chart {
	return Line("完成率", []string{"上旬", "中旬", "下旬"}, []Series{
		{Name: "完成率", Values: []float64{10, 40, 80}},
		{Name: "按时率", Values: []float64{20, 30, 60}},
	})
}

// requireFont fails (never skips) when the machine lacks the font PNG needs.
func requireFont(t *testing.T) {
	t.Helper()
	t.Setenv(FontEnv, "")
	if _, err := FindFont(""); err != nil {
		t.Fatalf("%v; install it: apt-get install -y --no-install-recommends fonts-wqy-microhei", err)
	}
}

func TestSVG(t *testing.T) {
	tests := []struct {
		name  string
		chart Chart
		texts []string
	}{
		{"vertical bars keep labels as text", ranking(), units},
		{"horizontal bars keep labels as text", ranking().Horizontal(), units},
		{"line keeps labels and legend as text", trend(), []string{"上旬", "下旬", "完成率", "按时率"}},
		{"special characters escaped", Bar(`a<b>&"c"`, []string{"甲<乙>&"}, []Series{{Values: []float64{1}}}), []string{"甲<乙>&"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := tt.chart.SVG()
			if err != nil {
				t.Fatal(err)
			}
			texts, err := svgTexts(svg)
			if err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			for _, want := range tt.texts {
				if !strings.Contains(texts, want) {
					t.Errorf("no text %q in %q", want, texts)
				}
			}
			assertInlineSafe(t, svg)
		})
	}
}

// assertInlineSafe checks what the strict CSP and an intranet without internet require of
// an SVG inlined in a page.
func assertInlineSafe(t *testing.T, svg []byte) {
	t.Helper()
	s := strings.ToLower(string(svg))
	for _, bad := range []string{"<script", "style=", "<style", "href", "url(", "<foreignobject", "javascript:"} {
		if strings.Contains(s, bad) {
			t.Errorf("SVG contains %q", bad)
		}
	}
	if m := regexp.MustCompile(`\son[a-z]+\s*=`).FindString(s); m != "" {
		t.Errorf("SVG has an event handler %q", m)
	}
	if rest := strings.Replace(s, `xmlns="http://www.w3.org/2000/svg"`, "", 1); strings.Contains(rest, "http") {
		t.Error("SVG references a URL besides its namespace")
	}
	if !strings.Contains(s, `font-family="'pingfang sc'`) {
		t.Error("SVG root has no explicit font family")
	}
}

func svgTexts(svg []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				b.Write(tok)
				b.WriteByte('|')
			}
		}
	}
}

func TestPNG(t *testing.T) {
	requireFont(t)
	// Label areas: below the plot for vertical bars and lines, left of it for horizontal bars.
	bottom := func(w, h int) image.Rectangle { return image.Rect(60, h-40, w-20, h) }
	left := func(w, h int) image.Rectangle { return image.Rect(0, 60, 90, h-50) }
	tests := []struct {
		name       string
		chart      Chart
		relabelled Chart // the same chart with other Chinese labels
		area       func(w, h int) image.Rectangle
	}{
		{"vertical bars", ranking(), Bar("各单位得分", []string{"公安分局", "南湖街道", "北岭乡"}, ranking().series), bottom},
		{"horizontal bars", ranking().Horizontal(), Bar("各单位得分", []string{"公安分局", "南湖街道", "北岭乡"}, ranking().series).Horizontal(), left},
		{"line", trend(), Line("完成率", []string{"初期", "中期", "后期"}, trend().series), bottom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const w, h = 640, 360
			img := decodePNG(t, tt.chart.WithSize(w, h))
			if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
				t.Fatalf("size %v, want %d×%d", b.Size(), w, h)
			}
			area := tt.area(w, h)
			bg := img.At(0, 0)
			if inked(img, area, bg) == 0 {
				t.Fatalf("label area %v is all background", area)
			}
			// Missing glyphs draw the same box for every character: other labels must give
			// other pixels, which only real glyphs do.
			other := decodePNG(t, tt.relabelled.WithSize(w, h))
			if samePixels(img, other, area) {
				t.Error("different Chinese labels render identically: glyphs are boxes")
			}
		})
	}
}

func decodePNG(t *testing.T, c Chart) image.Image {
	t.Helper()
	b, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

func inked(img image.Image, r image.Rectangle, bg interface{ RGBA() (r, g, b, a uint32) }) int {
	br, bgc, bb, _ := bg.RGBA()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr != br || cg != bgc || cb != bb {
				n++
			}
		}
	}
	return n
}

func samePixels(a, b image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

func TestNoFont(t *testing.T) {
	notFont := filepath.Join(t.TempDir(), "not-a-font.ttf")
	if err := os.WriteFile(notFont, []byte("plain text"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.ttc")
	tests := []struct {
		name  string
		chart Chart
		env   string
	}{
		{"configured path missing", ranking().WithFont(missing), ""},
		{"environment path missing", ranking(), missing},
		{"file is not a font", ranking().WithFont(notFont), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(FontEnv, tt.env)
			if _, err := tt.chart.PNG(); !errors.Is(err, ErrNoFont) {
				t.Errorf("PNG err = %v, want ErrNoFont", err)
			}
			if svg, err := tt.chart.SVG(); err != nil || !bytes.Contains(svg, []byte("区教育局")) {
				t.Errorf("SVG without a font: err %v", err)
			}
		})
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		name  string
		chart Chart
	}{
		{"no labels", Bar("t", nil, []Series{{Values: nil}})},
		{"no series", Bar("t", units, nil)},
		{"too few values", Bar("t", units, []Series{{Name: "a", Values: []float64{1}}})},
		{"not a number", Line("t", units, []Series{{Values: []float64{1, math.NaN(), 2}}})},
		{"infinite", Line("t", units, []Series{{Values: []float64{1, math.Inf(1), 2}}})},
		{"tiny size", ranking().WithSize(10, 10)},
		{"huge size", ranking().WithSize(100000, 100000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.chart.SVG(); err == nil {
				t.Error("SVG succeeded")
			}
			if _, err := tt.chart.PNG(); err == nil {
				t.Error("PNG succeeded")
			}
		})
	}
}

func TestHorizontalKeepsRankOneOnTop(t *testing.T) {
	labels, values, _ := ranking().Horizontal().data()
	if labels[len(labels)-1] != "区教育局" || values[0][len(values[0])-1] != 95.5 {
		t.Errorf("drawing order %v %v: rank 1 must be drawn last (on top)", labels, values)
	}
	if units[0] != "区教育局" {
		t.Error("data() changed the caller's labels")
	}
}
