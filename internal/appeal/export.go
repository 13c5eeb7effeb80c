package appeal

import (
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// exportHeads are the message keys of the export's columns. The contact
// columns hold the masks only: an export leaves the system.
var exportHeads = []string{"appeal.col.code", "appeal.col.received", "appeal.col.category", "appeal.col.village",
	"appeal.col.state", "appeal.col.unit", "appeal.col.due", "appeal.col.overdue", "appeal.col.name", "appeal.col.phone",
	"appeal.col.source", "appeal.col.rating_first", "appeal.col.rating_final", "appeal.col.description"}

// Export is GET /appeals/export.xlsx: the filtered list, masked.
func (h *Pages) Export(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	f := ParseFilter(r.URL.Query())
	list, cut, err := h.s.ListAll(r.Context(), p, f)
	if err != nil {
		return err
	}
	lang := ui.Lang(r)
	tr := func(k string) string { return h.ui.Catalog.T(lang, k) }
	x := excelize.NewFile()
	defer x.Close()
	sheet := tr("appeal.export.sheet")
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("stream sheet: %w", err)
	}
	head := make([]any, len(exportHeads))
	for i, k := range exportHeads {
		head[i] = tr(k)
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("export head: %w", err)
	}
	now := h.s.now()
	for i, a := range list {
		overdue := ""
		if a.Overdue(now) {
			overdue = tr("appeal.overdue")
		}
		row := []any{a.Code, a.ReceivedAt.In(ui.Shanghai).Format("2006-01-02 15:04"), a.Category, a.Village,
			tr("appeal.state." + string(a.State)), a.Unit, a.DueAt.In(ui.Shanghai).Format("2006-01-02 15:04"), overdue,
			a.NameMask, a.PhoneMask, tr("appeal.source." + a.Source), ratingLabel(tr, a.RatingFirst),
			ratingLabel(tr, a.RatingFinal), a.Description}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("export row: %w", err)
		}
	}
	if cut {
		cell, _ := excelize.CoordinatesToCellName(1, len(list)+2)
		if err := sw.SetRow(cell, []any{tr("appeal.export.cut")}); err != nil {
			return fmt.Errorf("export row: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export flush: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", audit.ContentDisposition("appeals.xlsx", tr("appeal.export.file")+".xlsx"))
	w.Header().Set("Cache-Control", "no-store")
	return x.Write(w)
}

func ratingLabel(tr func(string) string, r string) string {
	if r == "" {
		return ""
	}
	return tr("appeal.rating." + r)
}
