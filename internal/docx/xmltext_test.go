package docx

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// wordText parses a part and returns the text of its w:t elements joined together (or all
// character data for parts without w:t), failing on XML that is not well-formed.
func wordText(part string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader(part))
	var b strings.Builder
	inT := false
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
			inT = tok.Name.Local == "t"
		case xml.EndElement:
			inT = false
		case xml.CharData:
			if inT {
				b.Write(tok)
			}
		}
	}
}
