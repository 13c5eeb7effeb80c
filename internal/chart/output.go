package chart

import (
	"bytes"
	"regexp"
	"strings"
)

// PNG renders the chart as a PNG image for documents. It needs a Chinese TrueType font
// (WithFont, TONGCHOU_CHART_FONT or the system list) and returns an ErrNoFont error without one.
func (c Chart) PNG() ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	f, _, err := loadFont(c.fontPath)
	if err != nil {
		return nil, err
	}
	return c.render("png", f)
}

// SVG renders the chart as SVG for web pages. It works without a font file: labels stay
// text, drawn by the browser's own fonts (the font, when found, only measures them better).
//
// The output is safe to inline under the strict CSP (style-src 'self', no inline script):
// the library writes style="…" attributes, which a CSP without 'unsafe-inline' blocks on an
// inlined SVG, so every declaration is rewritten as a presentation attribute (fill="…",
// font-size="…"), which CSP does not govern; the font family is set once on the root. There
// is no script, no event handler, no link and no external reference.
func (c Chart) SVG() ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	f, _, err := loadFont(c.fontPath)
	if err != nil {
		f = nil // measurement falls back to the library's font; the browser draws the text
	}
	raw, err := c.render("svg", f)
	if err != nil {
		return nil, err
	}
	return cleanSVG(raw, c.title), nil
}

// fontFamily lists the fonts a Chinese reader's browser is likely to have.
const fontFamily = `'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif`

var styleAttr = regexp.MustCompile(`style="([^"]*)"`)

// cleanSVG turns style attributes into presentation attributes, drops the unused xlink
// namespace and labels the root for screen readers.
func cleanSVG(svg []byte, title string) []byte {
	svg = styleAttr.ReplaceAllFunc(svg, func(m []byte) []byte {
		decls := styleAttr.FindSubmatch(m)[1]
		var b bytes.Buffer
		for _, d := range strings.Split(string(decls), ";") {
			name, value, ok := strings.Cut(d, ":")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if !ok || name == "font-family" || !presentation[name] {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(name + `="` + attrEscaper.Replace(value) + `"`)
		}
		return b.Bytes()
	})
	root := `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="` + attrEscaper.Replace(title) +
		`" font-family="` + attrEscaper.Replace(fontFamily) + `"`
	svg = bytes.Replace(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"`), []byte(root), 1)
	return svg
}

// presentation lists the style properties the library writes that SVG also accepts as
// attributes; anything else is dropped rather than passed through.
var presentation = map[string]bool{
	"fill": true, "stroke": true, "stroke-width": true, "font-size": true,
	"stroke-dasharray": true, "opacity": true, "fill-opacity": true, "stroke-opacity": true,
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
