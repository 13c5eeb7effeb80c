// Package docx writes official documents (公文) as Word files in the GB/T 9704-2012 layout.
//
// No served Go library produces that layout (footers with a PAGE field, the character grid,
// East-Asian fonts with fallbacks: see shared/context/tooling.md), so the WordprocessingML
// parts are written directly from text/template with archive/zip. The model is deliberately
// small: a title, a 发文字号, a list of blocks (paragraphs, two heading levels, tables, PNG
// images) and the 版记 (抄送, 印发机关, 印发日期).
package docx

import "time"

// Document is one official document.
type Document struct {
	Masthead  string    // 发文机关标志, e.g. 河西区大调研活动办公室; printed red above the 发文字号 and a red line; optional
	Number    string    // 发文字号, e.g. 河西督通〔2026〕3号; centred under the title; optional
	Title     string    // 标题, required
	To        string    // 主送机关, e.g. 各镇（街道）、区直各部门：; optional
	Blocks    []Block   // 正文
	Signer    string    // 发文机关署名, right-aligned after the body; optional
	SignDate  time.Time // 成文日期, under the signer; optional (zero: omitted)
	CC        string    // 抄送, e.g. 区委办公室，区政府办公室; optional
	Issuer    string    // 印发机关, e.g. 河西区委督查室
	IssueDate time.Time // 印发日期; zero omits the 印发 line's date
}

// Kind says what a Block holds.
type Kind int

// The kinds of block.
const (
	KindParagraph Kind = iota // body text, 仿宋_GB2312 3号, first line indented two characters
	KindHeading1              // first-level heading (一、), 黑体 3号
	KindHeading2              // second-level heading (（一）), 楷体_GB2312 3号
	KindTable                 // table whose first row is the header
	KindImage                 // PNG image, centred
)

// Block is one piece of the body. Text holds paragraph and heading text (a line break starts
// a new paragraph); Rows a table (Rows[0] is the header row); PNG and WidthMM an image.
type Block struct {
	Kind    Kind
	Text    string
	Rows    [][]string
	PNG     []byte
	WidthMM float64 // printed width in millimetres; 0 or wider than the text area: full text width
}

// P returns a body paragraph.
func P(text string) Block { return Block{Kind: KindParagraph, Text: text} }

// H1 returns a first-level heading (黑体).
func H1(text string) Block { return Block{Kind: KindHeading1, Text: text} }

// H2 returns a second-level heading (楷体_GB2312).
func H2(text string) Block { return Block{Kind: KindHeading2, Text: text} }

// Table returns a table; rows[0] is the header row (bold, repeated on each page).
func Table(rows [][]string) Block { return Block{Kind: KindTable, Rows: rows} }

// Image returns a centred PNG image printed widthMM millimetres wide.
func Image(png []byte, widthMM float64) Block {
	return Block{Kind: KindImage, PNG: png, WidthMM: widthMM}
}
