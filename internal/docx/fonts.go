package docx

import "fmt"

// font is one entry of word/fontTable.xml. Alt is the w:altName a word processor uses when
// the font itself is missing: the official GB2312-era names fall back to the fonts Windows
// and WPS ship (仿宋_GB2312 → 仿宋 → FangSong, 方正小标宋简体 → 宋体 → SimSun).
type font struct {
	Name, Alt, Family, Pitch string
	Charset                  string // 86 = GB2312
}

var fontTable = []font{
	{Name: fontFangSong, Alt: "仿宋", Charset: "86", Family: "modern", Pitch: "fixed"},
	{Name: fontTitle, Alt: fontSong, Charset: "86", Family: "script", Pitch: "variable"},
	{Name: fontKai, Alt: "楷体", Charset: "86", Family: "modern", Pitch: "fixed"},
	{Name: fontHei, Alt: "SimHei", Charset: "86", Family: "modern", Pitch: "fixed"},
	{Name: "仿宋", Alt: "FangSong", Charset: "86", Family: "modern", Pitch: "fixed"},
	{Name: fontSong, Alt: "SimSun", Charset: "86", Family: "auto", Pitch: "variable"},
	{Name: "楷体", Alt: "KaiTi", Charset: "86", Family: "modern", Pitch: "fixed"},
	{Name: fontLatin, Charset: "00", Family: "roman", Pitch: "variable"},
}

// runStyle is the character formatting of one kind of text.
type runStyle struct {
	eastAsia, latin string
	halfPt          int
	bold            bool
	color           string // RGB hex; "" is automatic (black)
}

// runStyles maps the kinds of text to their fonts and sizes. Runs repeat what their
// paragraph style says so that text pasted into another document keeps its font.
var runStyles = map[string]runStyle{
	"body":      {fontFangSong, fontLatin, bodyHalfPt, false, ""},
	"title":     {fontTitle, fontLatin, titleHalfPt, false, ""},
	"h1":        {fontHei, fontLatin, bodyHalfPt, false, ""},
	"h2":        {fontKai, fontLatin, bodyHalfPt, false, ""},
	"table":     {fontFangSong, fontLatin, smallHalfPt, false, ""},
	"tablehead": {fontFangSong, fontLatin, smallHalfPt, true, ""},
	"small":     {fontFangSong, fontLatin, smallHalfPt, false, ""},
	"page":      {fontSong, fontSong, smallHalfPt, false, ""}, // 4号半角宋体阿拉伯数字
	"masthead":  {fontTitle, fontLatin, mastheadHalfPt, false, red},
}

// rpr returns the w:rPr element for a kind of text.
func rpr(kind string) (string, error) {
	s, ok := runStyles[kind]
	if !ok {
		return "", fmt.Errorf("docx: unknown run style %q", kind)
	}
	b := ""
	if s.bold {
		b = `<w:b/><w:bCs/>`
	}
	if s.color != "" {
		b += `<w:color w:val="` + s.color + `"/>`
	}
	return fmt.Sprintf(`<w:rPr><w:rFonts w:ascii="%[1]s" w:hAnsi="%[1]s" w:eastAsia="%[2]s" w:cs="%[1]s" w:hint="eastAsia"/>%[3]s<w:sz w:val="%[4]d"/><w:szCs w:val="%[4]d"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`,
		xmlText(s.latin), xmlText(s.eastAsia), b, s.halfPt), nil
}
