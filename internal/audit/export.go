package audit

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/ui"
)

// ExportLimit caps the rows of one export; the sheet says when it was reached.
const ExportLimit = 100_000

// maxCell stays under Excel's 32,767-character cell limit.
const maxCell = 32_000

// Export is GET /audit/export.xlsx: the current audit search as an Excel file.
func (p *Pages) Export(w http.ResponseWriter, r *http.Request) error {
	f, ferr := ParseFilter(r.URL.Query())
	if ferr != nil {
		return p.renderList(w, r, f, ferr)
	}
	f.Before = 0
	lang := ui.Lang(r)
	x, err := p.sheet(lang, "audit.export_sheet", []string{"audit.col_id", "audit.col_at", "audit.col_actor",
		"audit.col_actor_id", "audit.col_ip", "audit.col_entity", "audit.col_entity_id", "audit.col_action",
		"audit.col_before", "audit.col_after", "audit.col_hash"}, []float64{8, 20, 14, 10, 16, 14, 12, 14, 50, 50, 20})
	if err != nil {
		return err
	}
	defer x.close()
	n := 0
	err = EachEntry(r.Context(), p.db, f, p.limit+1, func(e Row) error {
		if n++; n > p.limit {
			return nil
		}
		actorID := ""
		if e.ActorID != nil {
			actorID = strconv.FormatInt(*e.ActorID, 10)
		}
		return x.row(e.ID, when(e.At), e.Actor, actorID, e.IP, e.Entity, e.EntityID, e.Action, e.Before, e.After, e.Hash)
	})
	if err != nil {
		return err
	}
	return p.send(w, r, x, n > p.limit, "audit.export_file", "audit-log")
}

// LoginsExport is GET /audit/logins/export.xlsx: the current login search as an Excel file.
func (p *Pages) LoginsExport(w http.ResponseWriter, r *http.Request) error {
	f, ferr := ParseLoginFilter(r.URL.Query())
	if ferr != nil {
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "audit_logins",
			loginsPage{Filter: f, Err: ferr})
	}
	f.Before = 0
	lang := ui.Lang(r)
	x, err := p.sheet(lang, "audit.logins_sheet", []string{"audit.col_id", "audit.col_at", "audit.col_username",
		"audit.col_user_id", "audit.col_ip", "audit.col_result", "audit.col_reason"}, []float64{8, 20, 16, 10, 16, 10, 30})
	if err != nil {
		return err
	}
	defer x.close()
	n := 0
	err = EachLogin(r.Context(), p.db, f, p.limit+1, func(e LoginEntry) error {
		if n++; n > p.limit {
			return nil
		}
		userID, result := "", p.ui.Catalog.T(lang, "audit.failure")
		if e.UserID != nil {
			userID = strconv.FormatInt(*e.UserID, 10)
		}
		if e.Success {
			result = p.ui.Catalog.T(lang, "audit.success")
		}
		return x.row(e.ID, when(e.At), e.Username, userID, e.IP, result, e.Reason)
	})
	if err != nil {
		return err
	}
	return p.send(w, r, x, n > p.limit, "audit.logins_file", "login-log")
}

// xlsx is a workbook being streamed row by row, so 100,000 rows do not sit
// in memory as cells.
type xlsx struct {
	file  *excelize.File
	sw    *excelize.StreamWriter
	lang  string
	catal ui.Catalog
	next  int
}

func (p *Pages) sheet(lang, sheetKey string, headKeys []string, widths []float64) (*xlsx, error) {
	f := excelize.NewFile()
	name := p.ui.Catalog.T(lang, sheetKey)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		f.Close()
		return nil, fmt.Errorf("name sheet: %w", err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stream sheet: %w", err)
	}
	x := &xlsx{file: f, sw: sw, lang: lang, catal: p.ui.Catalog, next: 1}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			x.close()
			return nil, fmt.Errorf("column width: %w", err)
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		x.close()
		return nil, fmt.Errorf("header style: %w", err)
	}
	head := make([]any, len(headKeys))
	for i, k := range headKeys {
		head[i] = excelize.Cell{StyleID: bold, Value: p.ui.Catalog.T(lang, k)}
	}
	if err := x.put(head); err != nil {
		x.close()
		return nil, err
	}
	return x, nil
}

// row writes one data row; strings are written as text, never as formulas.
func (x *xlsx) row(vals ...any) error {
	for i, v := range vals {
		if s, ok := v.(string); ok && utf8.RuneCountInString(s) > maxCell {
			vals[i] = string([]rune(s)[:maxCell]) + "…"
		}
	}
	return x.put(vals)
}

func (x *xlsx) put(vals []any) error {
	cell, _ := excelize.CoordinatesToCellName(1, x.next)
	x.next++
	if err := x.sw.SetRow(cell, vals); err != nil {
		return fmt.Errorf("write row %d: %w", x.next-1, err)
	}
	return nil
}

func (x *xlsx) close() { x.file.Close() }

// send finishes the workbook and writes it as a download named in the
// viewer's language with the Asia/Shanghai date.
func (p *Pages) send(w http.ResponseWriter, r *http.Request, x *xlsx, truncated bool, fileKey, asciiName string) error {
	if truncated {
		if err := x.put([]any{p.ui.Catalog.T(x.lang, "audit.export_truncated", p.limit)}); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("finish sheet: %w", err)
	}
	day := p.log.now().In(ui.Shanghai).Format("2006-01-02")
	name := p.ui.Catalog.T(x.lang, fileKey) + "-" + day + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", ContentDisposition(asciiName+"-"+day+".xlsx", name))
	w.Header().Set("Cache-Control", "no-store")
	// Written straight to the client: 100,000 rows are not held twice in memory.
	// Once bytes are out no error page can follow, so a failure is only logged.
	if err := x.file.Write(w); err != nil {
		slog.WarnContext(r.Context(), "export interrupted", "err", err)
	}
	return nil
}

// ContentDisposition names an attachment: an ASCII filename for old clients
// and the real (UTF-8) name as filename* (RFC 6266, RFC 5987).
func ContentDisposition(ascii, name string) string {
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes everything but RFC 5987's attr-char.
func rfc5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b []byte
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b = append(b, c)
		case c < 0x80 && strings.IndexByte(attr, c) >= 0:
			b = append(b, c)
		default:
			b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		}
	}
	return string(b)
}
