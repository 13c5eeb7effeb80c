package workday

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// maxImportRows bounds a year's workbook (a year has 366 days).
const maxImportRows = 400

// RowError is one bad row of an import: the row number as Excel shows it,
// the column (date, kind or name; "" for the whole row) and a message key.
type RowError struct {
	Row   int
	Field string
	Key   string
	Arg   string // fills {0}: the row a duplicate date first appeared on
}

// ImportErrors is every bad row of a refused workbook.
type ImportErrors []RowError

func (e ImportErrors) Error() string {
	return fmt.Sprintf("calendar import refused: %d bad rows", len(e))
}

// FileError is a workbook that cannot be read at all; Key is a message key.
type FileError struct{ Key string }

func (e FileError) Error() string { return e.Key }

// Imported is what a good workbook replaced.
type Imported struct {
	Year int
	Days int
}

// Import reads a year's schedule (columns 日期, 类型 休/班, 名称; the first
// row is the header) and replaces that year's listed days with it in one
// transaction. Every bad row is reported and nothing is imported when any
// row fails, or when the rows span more than one year.
func (s *Store) Import(ctx context.Context, r io.Reader) (Imported, error) {
	days, err := readWorkbook(r)
	if err != nil {
		return Imported{}, err
	}
	year := yearOf(days[0].Date)
	out := Imported{Year: year, Days: len(days)}
	return out, s.db.InTx(ctx, func(tx *store.Tx) error {
		var before int
		from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM calendar_days WHERE day >= ? AND day <= ?`, from, to).Scan(&before); err != nil {
			return fmt.Errorf("count calendar year: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE day >= ? AND day <= ?`, from, to); err != nil {
			return fmt.Errorf("clear calendar year: %w", err)
		}
		for _, d := range days {
			if _, err := tx.Exec(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)`, d.Date, d.Kind, d.Name); err != nil {
				return fmt.Errorf("import calendar day %s: %w", d.Date, err)
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "calendar_year", EntityID: strconv.Itoa(year), Action: "import",
			Before: map[string]int{"days": before}, After: map[string]any{"days": len(days)}})
	})
}

// readWorkbook reads and validates the first sheet.
func readWorkbook(r io.Reader) ([]Day, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 16 << 20, UnzipXMLSizeLimit: 8 << 20})
	if err != nil {
		return nil, FileError{Key: "calendar.import.err.not_xlsx"}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, FileError{Key: "calendar.import.err.empty"}
	}
	// Raw values give a date cell as its serial number, whatever display
	// format the cell has; text cells come as typed.
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, FileError{Key: "calendar.import.err.not_xlsx"}
	}
	if len(rows) > maxImportRows+1 {
		return nil, FileError{Key: "calendar.import.err.too_many_rows"}
	}
	return validateRows(rows)
}

// validateRows checks every row and the year they share.
func validateRows(rows [][]string) ([]Day, error) {
	var days []Day
	var bad ImportErrors
	seen := map[string]int{}
	year := 0
	for i, cells := range rows {
		if len(cells) > 3 {
			cells = cells[:3] // a fourth column holds notes, as in the template
		}
		if i == 0 || blank(cells) {
			continue // header
		}
		n := i + 1
		cell := func(c int) string {
			if c < len(cells) {
				return strings.TrimSpace(cells[c])
			}
			return ""
		}
		d, errs := Day{Date: excelDate(cell(0)), Kind: cell(1), Name: cell(2)}.validate()
		for _, field := range []string{"date", "kind", "name"} {
			if k, ok := errs[field]; ok {
				bad = append(bad, RowError{Row: n, Field: field, Key: k})
			}
		}
		if _, ok := errs["date"]; ok {
			continue
		}
		if first, dup := seen[d.Date]; dup {
			bad = append(bad, RowError{Row: n, Field: "date", Key: "calendar.import.err.duplicate", Arg: strconv.Itoa(first)})
			continue
		}
		seen[d.Date] = n
		if year == 0 {
			year = yearOf(d.Date)
		} else if yearOf(d.Date) != year {
			bad = append(bad, RowError{Row: n, Field: "date", Key: "calendar.import.err.other_year"})
		}
		days = append(days, d)
	}
	if len(bad) > 0 {
		return nil, bad
	}
	if len(days) == 0 {
		return nil, FileError{Key: "calendar.import.err.empty"}
	}
	return days, nil
}

// excelDate turns a date cell's serial number into 'YYYY-MM-DD'; text is
// returned as it is, for ParseDate.
func excelDate(v string) string {
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial < 36526 || serial > 73415 || strings.ContainsAny(v, "-/年.") || len(v) == 8 {
		return v // not a serial in 2000–2100 (20261001 is a typed date)
	}
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return v
	}
	return t.Format(time.DateOnly)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// AsImportErrors returns the bad rows or the unreadable file in err.
func AsImportErrors(err error) (ImportErrors, *FileError) {
	var rows ImportErrors
	if errors.As(err, &rows) {
		return rows, nil
	}
	var fe FileError
	if errors.As(err, &fe) {
		return nil, &fe
	}
	return nil, nil
}
