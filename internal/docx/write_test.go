package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"
)

// sample is a small 通报 with every kind of block.
func sample(t *testing.T) Document {
	t.Helper()
	return Document{
		Number: "河西督通〔2026〕3号",
		Title:  "关于全区重点工作推进情况的通报",
		To:     "各镇（街道）、区直各部门：",
		Blocks: []Block{
			P("为推动重点工作落实，现将推进情况通报如下。"),
			H1("一、总体进展"),
			H2("（一）任务完成情况"),
			P("全区共有任务120项，已完成96项，完成率80.0%。"),
			Table([][]string{
				{"名次", "单位", "得分"},
				{"1", "区教育局", "95.5"},
				{"2", "东湖街道", "91.0"},
				{"3", "西山镇"}, // short row: padded
			}),
			Image(tinyPNG(t, 40, 20), 120),
			P("特殊字符 <&>\" 'a' 照常显示\x01。"),
		},
		Signer:    "河西区委督查室",
		SignDate:  time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		CC:        "区委办公室，区政府办公室",
		Issuer:    "河西区委督查室",
		IssueDate: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
	}
}

func tinyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, h/2, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// unpack writes d and returns the package's parts by name.
func unpack(t *testing.T, d Document) map[string]string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = string(data)
	}
	return files
}

func TestWriteLayout(t *testing.T) {
	files := unpack(t, sample(t))
	doc, styles := files["word/document.xml"], files["word/styles.xml"]
	tests := []struct {
		name, part, want string
	}{
		{"A4 page", doc, `<w:pgSz w:w="11906" w:h="16838"/>`},
		{"margins 37/26/35/28 mm", doc, `<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`},
		{"character grid 22 × 28", doc, `<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>`},
		{"even and odd footers", doc, `<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>`},
		{"exact 28 pt lines", styles, `<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>`},
		{"body 仿宋_GB2312 3号", doc, `w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="32"/>`},
		{"title 方正小标宋简体 2号", doc, `<w:pStyle w:val="GWTitle"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="方正小标宋简体" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="44"/>`},
		{"title centred", styles, `<w:style w:type="paragraph" w:customStyle="1" w:styleId="GWTitle"><w:name w:val="公文标题"/><w:basedOn w:val="Normal"/><w:next w:val="GWBody"/><w:qFormat/><w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:jc w:val="center"/>`},
		{"heading 1 黑体", doc, `<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="黑体"`},
		{"heading 2 楷体_GB2312", doc, `<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="楷体_GB2312"`},
		{"body two-character indent", styles, `<w:ind w:firstLineChars="200" w:firstLine="640"/>`},
		{"number under the title", doc, `<w:pStyle w:val="GWNumber"/></w:pPr><w:r><w:rPr>`},
		{"number with 〔〕", doc, `>河西督通〔2026〕3号</w:t>`},
		{"table header row repeated", doc, `<w:tblHeader/>`},
		{"table header bold", doc, `<w:b/><w:bCs/><w:sz w:val="28"/>`},
		{"table borders", doc, `<w:insideV w:val="single" w:sz="4"`},
		{"padded cell", doc, `>西山镇</w:t>`},
		{"image inline in EMU", doc, `<wp:extent cx="4320000" cy="2160000"/>`},
		{"image relationship", files["word/_rels/document.xml.rels"], `Id="rIdImg1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"`},
		{"png content type", files["[Content_Types].xml"], `<Default Extension="png" ContentType="image/png"/>`},
		{"抄送 line", doc, `>抄送：区委办公室，区政府办公室。</w:t>`},
		{"印发 line", doc, `>河西区委督查室</w:t></w:r><w:r><w:rPr>`},
		{"印发 date", doc, `>2026年11月27日印发</w:t>`},
		{"版记 rules", doc, `<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:left w:val="nil"/><w:bottom w:val="single" w:sz="8"`},
		{"成文日期", doc, `>2026年11月27日</w:t>`},
		{"odd footer right", files["word/footer1.xml"], `<w:jc w:val="right"/>`},
		{"even footer left", files["word/footer2.xml"], `<w:jc w:val="left"/>`},
		{"page field", files["word/footer1.xml"], `<w:instrText xml:space="preserve"> PAGE </w:instrText>`},
		{"em dashes round the number", files["word/footer1.xml"], `<w:t xml:space="preserve">— </w:t>`},
		{"closing dash", files["word/footer2.xml"], `<w:t xml:space="preserve"> —</w:t>`},
		{"even/odd setting", files["word/settings.xml"], `<w:evenAndOddHeaders/>`},
		{"font fallback 仿宋", files["word/fontTable.xml"], `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>`},
		{"font fallback 小标宋", files["word/fontTable.xml"], `<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>`},
		{"font fallback 楷体", files["word/fontTable.xml"], `<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>`},
		{"escaped special characters", doc, `特殊字符 &lt;&amp;&gt;&quot; &apos;a&apos; 照常显示。`},
		{"title in metadata", files["docProps/core.xml"], `<dc:title>关于全区重点工作推进情况的通报</dc:title>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.part, tt.want) {
				t.Errorf("missing %s", tt.want)
			}
		})
	}
	if _, ok := files["word/media/image1.png"]; !ok {
		t.Error("image part word/media/image1.png is missing")
	}
}

// TestWriteWellFormed parses every XML part and reads the text back, so escaping is proven by
// a parser rather than by string matching.
func TestWriteWellFormed(t *testing.T) {
	d := sample(t)
	d.Title = `标题<&>"'` + "\x00\ufffe"
	d.CC = `甲<乙>&"丙"`
	files := unpack(t, d)
	for name, data := range files {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if _, err := wordText(data); err != nil {
				t.Fatalf("not well-formed: %v", err)
			}
		})
	}
	text, err := wordText(files["word/document.xml"])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`标题<&>"'`, `抄送：甲<乙>&"丙"。`, `特殊字符 <&>" 'a' 照常显示。`} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q does not round-trip; got %q", want, text)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  Document
		want error
	}{
		{"no title", Document{Blocks: []Block{P("正文")}}, ErrNoTitle},
		{"blank title", Document{Title: " \n "}, ErrNoTitle},
		{"image not png", Document{Title: "标题", Blocks: []Block{Image([]byte("GIF89a"), 50)}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Write(&b, tt.doc)
			if err == nil {
				t.Fatal("Write succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}

func TestWriteMinimal(t *testing.T) {
	files := unpack(t, Document{Title: "只有标题"})
	doc := files["word/document.xml"]
	if strings.Contains(doc, "抄送") || strings.Contains(doc, "<w:tbl>") {
		t.Error("a document without 版记 data has a 版记")
	}
	if !strings.Contains(doc, ">只有标题</w:t>") {
		t.Error("title missing")
	}
}

func TestColumnWidths(t *testing.T) {
	cols := columnWidths([][]string{{"名次", "单位名称很长很长很长", "得分"}}, textW)
	sum := 0
	for _, c := range cols {
		sum += c
	}
	if sum != textW {
		t.Errorf("widths sum to %d, want %d", sum, textW)
	}
	if cols[1] <= cols[0] {
		t.Errorf("long column %d not wider than short %d", cols[1], cols[0])
	}
}
