package workday

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Day is one listed day of the schedule.
type Day struct {
	Date string // 'YYYY-MM-DD'
	Kind string // KindOff or KindWork
	Name string // e.g. 春节, 春节调休
}

// YearSummary counts a year's listed days.
type YearSummary struct {
	Year int
	Off  int
	Work int
}

// maxDayName bounds a day's name, in characters.
const maxDayName = 50

// Store edits the schedule for the system admin; every change is audited.
type Store struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// NewStore returns a Store.
func NewStore(db *store.DB, log *audit.Log, now func() time.Time) *Store {
	return &Store{db: db, audit: log, now: now}
}

// Years lists the years that have data, newest first.
func (s *Store) Years(ctx context.Context) ([]YearSummary, error) {
	rows, err := s.db.Query(ctx, `SELECT day, kind FROM calendar_days ORDER BY day DESC`)
	if err != nil {
		return nil, fmt.Errorf("calendar years: %w", err)
	}
	defer rows.Close()
	var out []YearSummary
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Date, &d.Kind); err != nil {
			return nil, fmt.Errorf("scan calendar day: %w", err)
		}
		y := yearOf(d.Date)
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, YearSummary{Year: y})
		}
		if d.Kind == KindWork {
			out[len(out)-1].Work++
		} else {
			out[len(out)-1].Off++
		}
	}
	return out, rows.Err()
}

// Days lists a year's days in date order.
func (s *Store) Days(ctx context.Context, year int) ([]Day, error) {
	rows, err := s.db.Query(ctx, `SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day`,
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	if err != nil {
		return nil, fmt.Errorf("calendar days: %w", err)
	}
	defer rows.Close()
	var out []Day
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Date, &d.Kind, &d.Name); err != nil {
			return nil, fmt.Errorf("scan calendar day: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Save adds a day or changes the kind and name of a listed one.
func (s *Store) Save(ctx context.Context, in Day) (Day, error) {
	d, errs := in.validate()
	if len(errs) > 0 {
		return d, errs
	}
	return d, s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := getDay(ctx, tx, d.Date)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name`, d.Date, d.Kind, d.Name); err != nil {
			return fmt.Errorf("save calendar day: %w", err)
		}
		action := "create"
		var b any
		if before != nil {
			action, b = "update", before
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "calendar_day", EntityID: d.Date, Action: action, Before: b, After: d})
	})
}

// Delete removes a listed day; the date then follows the week again.
func (s *Store) Delete(ctx context.Context, date string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := getDay(ctx, tx, date)
		if err != nil {
			return err
		}
		if before == nil {
			return fmt.Errorf("calendar day %q: %w", date, store.ErrNotFound)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE day = ?`, date); err != nil {
			return fmt.Errorf("delete calendar day: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "calendar_day", EntityID: date, Action: "delete", Before: before})
	})
}

func getDay(ctx context.Context, q store.Querier, date string) (*Day, error) {
	d := Day{Date: date}
	err := q.QueryRow(ctx, `SELECT kind, name FROM calendar_days WHERE day = ?`, date).Scan(&d.Kind, &d.Name)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read calendar day: %w", err)
	}
	return &d, nil
}

// validate normalises a day and names what is wrong, by form field.
func (d Day) validate() (Day, ui.Errors) {
	errs := ui.Errors{}
	d.Name = strings.TrimSpace(d.Name)
	date, ok := ParseDate(d.Date)
	switch {
	case strings.TrimSpace(d.Date) == "":
		errs["date"] = "form.required"
	case !ok:
		errs["date"] = "calendar.err.date"
	default:
		d.Date = date.Format(time.DateOnly)
	}
	if k, ok := kindByLabel[strings.TrimSpace(d.Kind)]; ok {
		d.Kind = k
	} else {
		errs["kind"] = "calendar.err.kind"
	}
	// Adjusted working days (调休上班) always fall on a weekend; on a weekday
	// "work" would change nothing and is most likely a typo for "off".
	if ok && d.Kind == KindWork && date.Weekday() != time.Saturday && date.Weekday() != time.Sunday {
		errs["kind"] = "calendar.err.work_weekday"
	}
	switch {
	case d.Name == "":
		errs["name"] = "form.required"
	case utf8.RuneCountInString(d.Name) > maxDayName:
		errs["name"] = "form.too_long"
	}
	return d, errs
}

// kindByLabel accepts the codes and the words the official notice uses.
var kindByLabel = map[string]string{
	KindOff: KindOff, "休": KindOff, "放假": KindOff, "休息": KindOff,
	KindWork: KindWork, "班": KindWork, "上班": KindWork, "调休上班": KindWork,
}

// ParseDate reads a date as people type it: 2026-10-01, 2026/10/1,
// 2026年10月1日, 2026.10.1, 20261001; years 2000–2099 only.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20 {
		return time.Time{}, false
	}
	for _, layout := range []string{time.DateOnly, "2006/1/2", "2006-1-2", "2006年1月2日", "2006.1.2", "20060102"} {
		if d, err := time.Parse(layout, s); err == nil && d.Year() >= 2000 && d.Year() < 2100 {
			return d, true
		}
	}
	return time.Time{}, false
}

func yearOf(date string) int {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0
	}
	return d.Year()
}

// Weekday is the day of the week of the date (0 Sunday … 6 Saturday), for display.
func (d Day) Weekday() int {
	t, err := time.Parse(time.DateOnly, d.Date)
	if err != nil {
		return 0
	}
	return int(t.Weekday())
}
