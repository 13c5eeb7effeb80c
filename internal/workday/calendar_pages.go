package workday

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serve /admin/calendar to the system admin.
type Pages struct {
	s  *Store
	ui *ui.UI
}

// NewPages returns the calendar admin handlers.
func NewPages(s *Store, u *ui.UI) *Pages { return &Pages{s: s, ui: u} }

// maxUpload bounds an import upload.
const maxUpload = 2 << 20

type calendarPage struct {
	Years    []YearSummary
	Missing  []int // the current or next year without a schedule
	Year     int   // the year shown
	Days     []Day
	Form     Day
	Err      error
	FileErr  *FileError
	Rows     ImportErrors
	Imported *Imported
}

// Calendar is GET /admin/calendar[?year=2026].
func (h *Pages) Calendar(w http.ResponseWriter, r *http.Request) error {
	p, err := h.page(r, r.URL.Query().Get("year"))
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "calendar_admin", p)
}

// page reads what the page shows; a year that is not a number shows the current one.
func (h *Pages) page(r *http.Request, yearParam string) (calendarPage, error) {
	now := h.s.now().In(ui.Shanghai)
	p := calendarPage{Year: now.Year(), Form: Day{Kind: KindOff}}
	if y, err := strconv.Atoi(yearParam); err == nil && y >= 2000 && y < 2100 {
		p.Year = y
	}
	var err error
	if p.Years, err = h.s.Years(r.Context()); err != nil {
		return p, err
	}
	for _, y := range []int{now.Year(), now.Year() + 1} {
		if !hasYear(p.Years, y) {
			p.Missing = append(p.Missing, y)
		}
	}
	p.Days, err = h.s.Days(r.Context(), p.Year)
	return p, err
}

func hasYear(ys []YearSummary, y int) bool {
	for _, s := range ys {
		if s.Year == y {
			return true
		}
	}
	return false
}

// Save is POST /admin/calendar/days: add a day or change a listed one.
func (h *Pages) Save(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	in := Day{Date: r.PostForm.Get("date"), Kind: r.PostForm.Get("kind"), Name: r.PostForm.Get("name")}
	d, err := h.s.Save(r.Context(), in)
	if ui.IsInvalid(err) {
		p, perr := h.page(r, r.PostForm.Get("year"))
		if perr != nil {
			return perr
		}
		p.Form, p.Err = in, err
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "calendar_admin", p)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "calendar.flash.saved")
	return ui.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(yearOf(d.Date)))
}

// Delete is POST /admin/calendar/days/{day}/delete.
func (h *Pages) Delete(w http.ResponseWriter, r *http.Request) error {
	d, ok := ParseDate(r.PathValue("day"))
	if !ok {
		return store.ErrNotFound
	}
	date := d.Format(time.DateOnly)
	if err := h.s.Delete(r.Context(), date); err != nil {
		return err
	}
	ui.Flash(w, "calendar.flash.deleted")
	return ui.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(d.Year()))
}

// Template is GET /admin/calendar/template.xlsx, for next year.
func (h *Pages) Template(w http.ResponseWriter, r *http.Request) error {
	year := h.s.now().In(ui.Shanghai).Year() + 1
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="calendar-template.xlsx"; filename*=UTF-8''%E8%8A%82%E5%81%87%E6%97%A5%E5%AE%89%E6%8E%92%E6%A8%A1%E6%9D%BF.xlsx`)
	return WriteTemplate(w, year)
}

// Import is POST /admin/calendar/import.
func (h *Pages) Import(w http.ResponseWriter, r *http.Request) error {
	res, err := h.importFile(w, r)
	rows, fe := AsImportErrors(err)
	if err != nil && rows == nil && fe == nil {
		return err
	}
	year := ""
	if err == nil {
		year = strconv.Itoa(res.Year)
	}
	p, perr := h.page(r, year)
	if perr != nil {
		return perr
	}
	if err != nil {
		p.Rows, p.FileErr = rows, fe
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "calendar_admin", p)
	}
	p.Imported = &res
	return h.ui.Render(w, r, http.StatusOK, "calendar_admin", p)
}

func (h *Pages) importFile(w http.ResponseWriter, r *http.Request) (Imported, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return Imported{}, FileError{Key: "calendar.import.err.too_big"}
		}
		return Imported{}, FileError{Key: "calendar.import.err.no_file"}
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return Imported{}, FileError{Key: "calendar.import.err.no_file"}
	}
	defer file.Close()
	return h.s.Import(r.Context(), file)
}
