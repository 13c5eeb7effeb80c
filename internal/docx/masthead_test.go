package docx

import (
	"strings"
	"testing"
)

// TestMastheadAndBanji checks the 版头 of a document with a 发文机关标志: the
// masthead in red 小标宋, the 发文字号 under it (not under the title), the
// red 分隔线, and the 版记 anchored to the bottom of the last page.
func TestMastheadAndBanji(t *testing.T) {
	d := sample(t)
	d.Masthead = "河西区大调研活动办公室"
	parts := unpack(t, d)
	doc, styles := parts["word/document.xml"], parts["word/styles.xml"]
	for _, tc := range []struct {
		name, in, want string
	}{
		{"masthead paragraph", doc, `<w:pStyle w:val="GWMasthead"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="方正小标宋简体"`},
		{"masthead red 小初", doc, `<w:color w:val="FF0000"/><w:sz w:val="72"/>`},
		{"red line style", styles, `<w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/>`},
		{"red line paragraph", doc, `<w:pStyle w:val="GWRedLine"/>`},
		{"版记 at the bottom", doc, `w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(tc.in, tc.want) {
				t.Errorf("missing %s", tc.want)
			}
		})
	}
	m, n, line, title := strings.Index(doc, "河西区大调研活动办公室"), strings.Index(doc, d.Number), strings.Index(doc, "GWRedLine"), strings.Index(doc, d.Title)
	if !(m < n && n < line && line < title) {
		t.Errorf("版头 order masthead %d, number %d, red line %d, title %d", m, n, line, title)
	}
	if strings.Count(doc, d.Number) != 1 {
		t.Errorf("the 发文字号 appears %d times", strings.Count(doc, d.Number))
	}
}
