package briefing

import (
	"strings"

	"tongchou/internal/docx"
)

type printPage struct {
	B    Briefing
	Doc  []printBlock
	Date string // 成文日期 as documents write it
}

// printBlock is one block of the print view, laid out like the DOCX.
type printBlock struct {
	Kind string // h1 | h2 | p | table | caption
	Text string
	Rows [][]string
}

// printView turns the document the DOCX is made from into page blocks, so the
// print page and the Word file say the same thing.
func printView(b Briefing) []printBlock {
	var out []printBlock
	for _, bl := range Document(b).Blocks {
		switch bl.Kind {
		case docx.KindHeading1:
			out = append(out, printBlock{Kind: "h1", Text: bl.Text})
		case docx.KindHeading2:
			out = append(out, printBlock{Kind: "h2", Text: bl.Text})
		case docx.KindTable:
			out = append(out, printBlock{Kind: "table", Rows: bl.Rows})
		case docx.KindParagraph:
			if t := strings.TrimSpace(bl.Text); t != "" {
				out = append(out, printBlock{Kind: "p", Text: t})
			}
		}
	}
	return out
}
