package docx

import (
	"archive/zip"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strings"
	"text/template"
	"time"
)

//go:embed parts/*.xml
var partFiles embed.FS

// parts are the templates of the package parts, parsed once.
var parts = template.Must(template.New("").Funcs(template.FuncMap{
	"x":   xmlText,
	"rpr": rpr,
	"para": func(style, run, text string) paraView {
		return paraView{Style: style, Run: run, Text: text}
	},
}).ParseFS(partFiles, "parts/*.xml"))

// ErrNoTitle is returned for a document without a title.
var ErrNoTitle = errors.New("docx: the document has no title")

// Write writes d as a .docx file to w.
func Write(w io.Writer, d Document) error {
	v, err := newView(d)
	if err != nil {
		return err
	}
	// Render every part before writing a byte, so a failure leaves w untouched.
	files := []struct{ name, tmpl string }{
		{"[Content_Types].xml", "content_types.xml"},
		{"_rels/.rels", "package_rels.xml"},
		{"docProps/core.xml", "core.xml"},
		{"word/_rels/document.xml.rels", "document_rels.xml"},
		{"word/document.xml", "document.xml"},
		{"word/styles.xml", "styles.xml"},
		{"word/settings.xml", "settings.xml"},
		{"word/fontTable.xml", "fontTable.xml"},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		if err := addTemplate(zw, f.name, f.tmpl, v); err != nil {
			return err
		}
	}
	// Odd pages carry the number on the right, even pages on the left (settings.xml turns
	// on evenAndOddHeaders), each one character (14 pt) in from the edge, as the standard says.
	if err := addTemplate(zw, "word/footer1.xml", "footer.xml", footerView{Align: "right", Right: 280}); err != nil {
		return err
	}
	if err := addTemplate(zw, "word/footer2.xml", "footer.xml", footerView{Align: "left", Left: 280}); err != nil {
		return err
	}
	for _, img := range v.Images {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: "word/media/" + img.File, Method: zip.Store})
		if err != nil {
			return fmt.Errorf("docx: add image: %w", err)
		}
		if _, err := fw.Write(img.data); err != nil {
			return fmt.Errorf("docx: add image: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: close zip: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func addTemplate(zw *zip.Writer, name, tmpl string, data any) error {
	fw, err := zw.Create(name)
	if err != nil {
		return fmt.Errorf("docx: add %s: %w", name, err)
	}
	if err := parts.ExecuteTemplate(fw, tmpl, data); err != nil {
		return fmt.Errorf("docx: render %s: %w", name, err)
	}
	return nil
}

// view is what the templates see: the document's text, the page geometry and the images.
type view struct {
	Title, Issuer, Number, To, Signer, SignDate, CC, IssueDate string
	Masthead                                                   string
	TitleLines                                                 []string
	Blocks                                                     []blockView
	Images                                                     []*imageView
	HasBanji                                                   bool
	Fonts                                                      []font

	PageW, PageH, Top, Bottom, Left, Right, HeaderDist, FooterDist int
	TextW, LineExact, LinePitch, CharSpace, Indent, IndentTwips    int
	SignIndent, SmallChar, IssueTab                                int
	Red                                                            string
}

type paraView struct{ Style, Run, Text string }

type footerView struct {
	Align       string
	Left, Right int
}

type blockView struct {
	Kind   string
	Lines  []string
	Rows   [][]string
	ColW   []int
	TableW int
	Image  *imageView
}

type imageView struct {
	ID          int
	RelID, File string
	CX, CY      int64
	data        []byte
}

func newView(d Document) (*view, error) {
	v := &view{
		Title: strings.Join(lines(d.Title), ""), TitleLines: lines(d.Title),
		Number: strings.TrimSpace(d.Number), To: strings.TrimSpace(d.To), Masthead: strings.Join(lines(d.Masthead), ""),
		Signer: strings.TrimSpace(d.Signer), Issuer: strings.TrimSpace(d.Issuer),
		SignDate: chineseDate(d.SignDate), Fonts: fontTable,
		PageW: pageW, PageH: pageH, Top: marginTop, Bottom: marginBottom, Left: marginLeft,
		Right: marginRight, HeaderDist: headerDist, FooterDist: footerDist, TextW: textW,
		LineExact: lineExact, LinePitch: linePitch, CharSpace: charSpace,
		Indent: indentTwoChar, IndentTwips: 2 * bodyHalfPt * 10,
		SignIndent: 4 * bodyHalfPt * 10, SmallChar: smallHalfPt * 10,
		IssueTab: textW - smallHalfPt*10, Red: red,
	}
	if len(v.TitleLines) == 0 {
		return nil, ErrNoTitle
	}
	if cc := strings.TrimSpace(d.CC); cc != "" {
		v.CC = "抄送：" + strings.TrimRight(cc, "。.") + "。"
	}
	if !d.IssueDate.IsZero() {
		v.IssueDate = chineseDate(d.IssueDate) + "印发"
	}
	v.HasBanji = v.CC != "" || v.Issuer != "" || v.IssueDate != ""
	for i, b := range d.Blocks {
		bv, err := v.block(b)
		if err != nil {
			return nil, fmt.Errorf("docx: block %d: %w", i+1, err)
		}
		if bv != nil {
			v.Blocks = append(v.Blocks, *bv)
		}
	}
	return v, nil
}

// block converts one Block; empty paragraphs and tables are dropped (nil, nil).
func (v *view) block(b Block) (*blockView, error) {
	switch b.Kind {
	case KindParagraph, KindHeading1, KindHeading2:
		ls := lines(b.Text)
		if len(ls) == 0 {
			return nil, nil
		}
		kind := map[Kind]string{KindParagraph: "p", KindHeading1: "h1", KindHeading2: "h2"}[b.Kind]
		return &blockView{Kind: kind, Lines: ls}, nil
	case KindTable:
		rows := squareRows(b.Rows)
		if len(rows) == 0 {
			return nil, nil
		}
		return &blockView{Kind: "table", Rows: rows, ColW: columnWidths(rows, textW), TableW: textW}, nil
	case KindImage:
		img, err := v.image(b)
		if err != nil {
			return nil, err
		}
		return &blockView{Kind: "image", Image: img}, nil
	}
	return nil, fmt.Errorf("unknown block kind %d", b.Kind)
}

// image checks the PNG, sizes it in EMU keeping its aspect ratio, and registers its part.
func (v *view) image(b Block) (*imageView, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(b.PNG))
	if err != nil {
		return nil, fmt.Errorf("image is not a PNG: %w", err)
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return nil, errors.New("image has no pixels")
	}
	maxMM := float64(textW) / twipsPerMM
	w := b.WidthMM
	if w <= 0 || w > maxMM {
		w = maxMM
	}
	n := len(v.Images) + 1
	img := &imageView{
		ID: n, RelID: fmt.Sprintf("rIdImg%d", n), File: fmt.Sprintf("image%d.png", n),
		CX: int64(w * emuPerMM), data: b.PNG,
	}
	img.CY = img.CX * int64(cfg.Height) / int64(cfg.Width)
	v.Images = append(v.Images, img)
	return img, nil
}

// squareRows pads short rows so that every row has as many cells as the widest one, and
// drops a table with no cells at all.
func squareRows(rows [][]string) [][]string {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return nil
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, n)
		copy(out[i], r)
	}
	return out
}

// columnWidths shares width among the columns in proportion to their longest cell (at
// least two characters, at most twenty), so a 名次 column stays narrow and unit names wide.
func columnWidths(rows [][]string, width int) []int {
	weights := make([]int, len(rows[0]))
	total := 0
	for j := range weights {
		wt := 2
		for _, r := range rows {
			wt = max(wt, min(20, displayWidth(r[j])))
		}
		weights[j] = wt
		total += wt
	}
	cols := make([]int, len(weights))
	used := 0
	for j, wt := range weights {
		cols[j] = width * wt / total
		used += cols[j]
	}
	cols[len(cols)-1] += width - used // rounding remainder to the last column
	return cols
}

// displayWidth counts a CJK (wide) character as 2 and anything else as 1, halved: the width
// in full-width characters.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2E80 {
			n += 2
		} else {
			n++
		}
	}
	return (n + 1) / 2
}

// chineseDate formats a date the way official documents write it: 2026年11月27日, with
// Arabic numerals and no leading zeros.
func chineseDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
