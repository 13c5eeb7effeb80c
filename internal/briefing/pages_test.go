package briefing_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/docx/docxtest"
)

// demoCampaign is the demo campaign's id.
func demoCampaign(t *testing.T, env *authtest.Env) string {
	t.Helper()
	var id int64
	must(t, env.App.DB.QueryRow(context.Background(), `SELECT id FROM campaigns ORDER BY id LIMIT 1`).Scan(&id))
	return strconv.FormatInt(id, 10)
}

// generate posts the new-briefing form and returns the draft's path.
func generate(t *testing.T, c *authtest.Client, campaign, kind, from, to string) string {
	t.Helper()
	r := c.Post("/briefings/generate", url.Values{"campaign": {campaign}, "kind": {kind}, "from": {from}, "to": {to}})
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/briefings/") {
		t.Fatalf("generate: %d %s\n%s", r.Code, r.Location(), r.Body)
	}
	return r.Location()
}

func TestBriefingPages(t *testing.T) {
	env := authtest.New(t)
	campaign := demoCampaign(t, env)
	office := env.Client("10.0.0.1")
	office.MustLogin("ducha")
	if r := office.Get("/briefings/new?campaign=" + campaign); r.Code != http.StatusOK || !strings.Contains(r.Body, `name="from"`) {
		t.Fatalf("new form: %d", r.Code)
	}
	path := generate(t, office, campaign, "briefing", "2026-04-20", "2026-05-06")
	show := office.Get(path)
	if show.Code != http.StatusOK || !strings.Contains(show.Body, "section_overall") {
		t.Fatalf("show: %d", show.Code)
	}
	// edit one sentence, publish, and find both in the documents
	r := office.Post(path+"/edit", url.Values{"version": {"1"}, "title": {"关于大调研活动进展情况的通报"},
		"section_intro": {"经区委同意，现将近期工作进展情况通报如下："}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.Code, r.Body)
	}
	if r := office.Post(path+"/publish", url.Values{"version": {"2"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Code)
	}
	page := office.Get(path).Body
	number := between(page, `<span id="briefing-number">`, "</span>")
	if number != "河西督通〔2026〕2号" { // the demo published 1号
		t.Fatalf("number %q", number)
	}
	// a published briefing refuses edits and keeps its text
	office.Post(path+"/edit", url.Values{"version": {"3"}, "title": {"改标题"}})
	if body := office.Get(path).Body; strings.Contains(body, "改标题") || !strings.Contains(body, "经区委同意") {
		t.Error("a published briefing was edited")
	}
	if r := office.Get(path + "/print"); r.Code != http.StatusOK || !strings.Contains(r.Body, "gw-masthead") || !strings.Contains(r.Body, number) {
		t.Errorf("print view: %d", r.Code)
	}
	docx := office.Get(path + "/docx")
	if docx.Code != http.StatusOK {
		t.Fatalf("docx: %d", docx.Code)
	}
	ranked := rankedUnits(t, office.Get(path+"/xlsx"))
	if len(ranked) == 0 {
		t.Fatal("the workbook ranks no unit")
	}
	checkDocxXML(t, docx.Body)
	text := docxtest.PDFText(t, []byte(docx.Body))
	for _, want := range append([]string{docxtest.Squeeze("关于大调研活动进展情况的通报"), number, "经区委同意"}, ranked...) {
		if !strings.Contains(text, docxtest.Squeeze(want)) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return ""
}

// rankedUnits opens the workbook and lists the units with a rank.
func rankedUnits(t *testing.T, r *authtest.Response) []string {
	t.Helper()
	if r.Code != http.StatusOK {
		t.Fatalf("xlsx: %d", r.Code)
	}
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	must(t, err)
	defer x.Close()
	rows, err := x.GetRows("排名")
	must(t, err)
	var out []string
	for _, row := range rows {
		if len(row) >= 6 && row[0] != "名次" && row[0] != "—" && row[0] != "" {
			if _, err := strconv.Atoi(row[0]); err == nil {
				out = append(out, row[1])
			}
		}
	}
	units, err := x.GetRows("单位情况")
	must(t, err)
	if len(units) < 2 || units[0][0] != "单位" {
		t.Errorf("unit sheet: %v", units)
	}
	return out
}

// checkDocxXML opens the DOCX and checks the GB/T 9704 layout in its XML.
func checkDocxXML(t *testing.T, body string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	must(t, err)
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		must(t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
	}
	doc, styles, fonts := parts["word/document.xml"], parts["word/styles.xml"], parts["word/fontTable.xml"]
	for _, c := range []struct{ name, in, want string }{
		{"A4", doc, `<w:pgSz w:w="11906" w:h="16838"/>`},
		{"margins 37/35/28/26 mm", doc, `<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`},
		{"22 lines × 28 characters grid", doc, `<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>`},
		{"body 仿宋_GB2312 3号", styles, `w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="32"/>`},
		{"title 方正小标宋简体 2号", styles, `w:eastAsia="方正小标宋简体" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="44"/>`},
		{"heading 1 黑体", styles, `w:eastAsia="黑体"`},
		{"heading 2 楷体_GB2312", styles, `w:eastAsia="楷体_GB2312"`},
		{"fixed 28 pt lines", styles, `w:line="560" w:lineRule="exact"`},
		{"font fallbacks", fonts, `<w:altName w:val="仿宋"/>`},
		{"red masthead", doc, `<w:pStyle w:val="GWMasthead"/>`},
		{"ranking table", doc, `<w:t xml:space="preserve">综合得分</w:t>`},
		{"page number — 1 —", parts["word/footer1.xml"], `PAGE`},
		{"版记 at the page bottom", doc, `w:tblpYSpec="bottom"`},
	} {
		if !strings.Contains(c.in, c.want) {
			t.Errorf("%s: missing %s", c.name, c.want)
		}
	}
}

func TestBriefingPagesRefuseBadInputAndOtherRoles(t *testing.T) {
	env := authtest.New(t)
	campaign := demoCampaign(t, env)
	office := env.Client("10.0.0.1")
	office.MustLogin("ducha")
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"ReversedPeriod", url.Values{"campaign": {campaign}, "kind": {"briefing"}, "from": {"2026-05-06"}, "to": {"2026-04-01"}}},
		{"MalformedDate", url.Values{"campaign": {campaign}, "kind": {"briefing"}, "from": {"<script>"}, "to": {"2026-05-06"}}},
		{"UnknownCampaign", url.Values{"campaign": {"999999"}, "kind": {"briefing"}, "from": {"2026-04-01"}, "to": {"2026-05-06"}}},
		{"UnknownKind", url.Values{"campaign": {campaign}, "kind": {"memo"}, "from": {"2026-04-01"}, "to": {"2026-05-06"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := office.Post("/briefings/generate", tc.form); r.Code != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", r.Code)
			}
		})
	}
	path := generate(t, office, campaign, "outline", "2026-04-20", "2026-05-06")
	huge := strings.Repeat("长", 1<<20)
	if r := office.Post(path+"/edit", url.Values{"version": {"1"}, "title": {"提纲"}, "section_opening": {huge}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("1 MB section: %d", r.Code)
	}
	if r := office.Get(path); !strings.Contains(r.Body, "同志们") {
		t.Error("the outline lost its text")
	}
	if r := office.Get(path + "/docx"); r.Code != http.StatusOK {
		t.Errorf("outline docx: %d", r.Code)
	}
	if r := office.Post("/briefings/settings", url.Values{"campaign": {campaign}, "weight_reports": {"50"}, "weight_completion": {"40"},
		"weight_lights": {"20"}, "target": {"80"}, "board_size": {"3"}, "prefix": {"河西督通"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("weights not adding to 100: %d", r.Code)
	}
	leader := env.Client("10.0.0.2")
	leader.MustLogin("leader")
	if r := leader.Get(path); r.Code != http.StatusOK {
		t.Errorf("leader reads: %d", r.Code)
	}
	if r := leader.Post(path+"/edit", url.Values{"version": {"1"}, "title": {"x"}}); r.Code != http.StatusForbidden {
		t.Errorf("leader edits: %d", r.Code)
	}
	liaison := env.Client("10.0.0.3")
	liaison.MustLogin("jiaoyu")
	for _, p := range []string{"/briefings", path, path + "/docx"} {
		if r := liaison.Get(p); r.Code != http.StatusForbidden {
			t.Errorf("liaison GET %s: %d", p, r.Code)
		}
	}
	if r := office.Get("/briefings/999999"); r.Code != http.StatusNotFound {
		t.Errorf("unknown briefing: %d", r.Code)
	}
}
