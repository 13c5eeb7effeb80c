package workday_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

var now = func() time.Time { return time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC) }

func newStore(t *testing.T, db *store.DB) *workday.Store {
	t.Helper()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	return workday.NewStore(db, audit.New(db, suite, now), now)
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newStore(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			name      string
			in        workday.Day
			wantField string
		}{
			{"AddsHoliday", workday.Day{Date: "2027-01-01", Kind: "休", Name: "元旦"}, ""},
			{"AddsWorkingSunday", workday.Day{Date: "2027/2/7", Kind: "班", Name: "春节调休"}, ""},
			{"ChangesListedDay", workday.Day{Date: "2026-10-07", Kind: "off", Name: "国庆节（更正）"}, ""},
			{"EmptyDateRefused", workday.Day{Date: "", Kind: "off", Name: "x"}, "date"},
			{"MalformedDateRefused", workday.Day{Date: "2027-02-30", Kind: "off", Name: "x"}, "date"},
			{"SQLInDateRefused", workday.Day{Date: "2027-01-01' OR '1'='1", Kind: "off", Name: "x"}, "date"},
			{"UnknownKindRefused", workday.Day{Date: "2027-01-02", Kind: "holiday", Name: "x"}, "kind"},
			{"WorkOnWeekdayRefused", workday.Day{Date: "2027-01-04", Kind: "班", Name: "调休"}, "kind"},
			{"EmptyNameRefused", workday.Day{Date: "2027-01-02", Kind: "off", Name: "  "}, "name"},
			{"LongNameRefused", workday.Day{Date: "2027-01-02", Kind: "off", Name: strings.Repeat("节", 51)}, "name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, `SELECT COUNT(*) FROM audit_log`)
				_, err := s.Save(ctx, tc.in)
				if tc.wantField == "" {
					if err != nil {
						t.Fatalf("Save = %v", err)
					}
					if count(t, db, `SELECT COUNT(*) FROM audit_log`) != before+1 {
						t.Fatal("no audit entry for the change")
					}
					return
				}
				if ui.AsErrors(err)[tc.wantField] == "" {
					t.Fatalf("Save = %v, want an error beside %s", err, tc.wantField)
				}
				if count(t, db, `SELECT COUNT(*) FROM audit_log`) != before {
					t.Fatal("a refused day was audited")
				}
			})
		}
		c, err := workday.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if c.IsWorkday(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) || !c.IsWorkday(time.Date(2027, 2, 7, 0, 0, 0, 0, time.UTC)) {
			t.Fatal("saved days do not change the calendar")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM calendar_days WHERE day = '2026-10-07' AND name = '国庆节（更正）'`); n != 1 {
			t.Fatal("the listed day was not changed")
		}
		if err := s.Delete(ctx, "2027-01-01"); err != nil {
			t.Fatalf("Delete = %v", err)
		}
		if err := s.Delete(ctx, "2027-01-01"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Delete twice = %v, want not found", err)
		}
		years, err := s.Years(ctx)
		if err != nil || len(years) != 3 || years[0].Year != 2027 || years[0].Work != 1 || years[0].Off != 0 {
			t.Fatalf("Years = %+v, %v; want 2027 (1 working day), 2026, 2025", years, err)
		}
	})
}

// workbook builds an import file from rows (the header first).
func workbook(t *testing.T, rows [][]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

var header = []any{"日期", "类型", "名称"}

func TestImportYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newStore(t, db)
		ctx := context.Background()
		good := workbook(t, [][]any{header,
			{"2027-01-01", "休", "元旦"},
			{time.Date(2027, 2, 6, 0, 0, 0, 0, time.UTC), "休", "春节"}, // a real date cell
			{"2027年2月7日", "班", "春节调休"},
			{"2027/10/1", "休", "国庆节"},
			{},
		})
		res, err := s.Import(ctx, good)
		if err != nil || res.Year != 2027 || res.Days != 4 {
			t.Fatalf("Import = %+v, %v; want 4 days of 2027", res, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM calendar_days WHERE day = '2027-02-06'`); n != 1 {
			t.Fatal("a date cell was not read as its date")
		}
		// Importing the year again replaces it.
		if _, err := s.Import(ctx, workbook(t, [][]any{header, {"2027-01-01", "休", "元旦"}})); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM calendar_days WHERE day LIKE '2027-%'`); n != 1 {
			t.Fatalf("2027 has %d days after re-import, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'calendar_year'`); n != 2 {
			t.Fatalf("%d import audit entries, want 2", n)
		}

		bad := workbook(t, [][]any{header,
			{"2028-01-01", "休", "元旦"},
			{"2028-13-01", "休", "x"},
			{"2028-01-03", "假", ""},
			{"2028-01-05", "班", "调休"},
			{"2028-01-01", "休", "元旦"},
			{"2029-01-01", "休", "元旦"},
		})
		_, err = s.Import(ctx, bad)
		var rows workday.ImportErrors
		if !errors.As(err, &rows) {
			t.Fatalf("Import of bad rows = %v, want row errors", err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Field+"@"+strconv.Itoa(r.Row)+":"+r.Key)
		}
		want := "date@3:calendar.err.date kind@4:calendar.err.kind name@4:form.required kind@5:calendar.err.work_weekday " +
			"date@6:calendar.import.err.duplicate date@7:calendar.import.err.other_year"
		if strings.Join(got, " ") != want {
			t.Fatalf("row errors =\n%s\nwant\n%s", strings.Join(got, " "), want)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM calendar_days WHERE day LIKE '2028-%'`); n != 0 {
			t.Fatalf("a refused file imported %d days", n)
		}
		for _, tc := range []struct {
			name string
			body *bytes.Buffer
			key  string
		}{
			{"NotAWorkbook", bytes.NewBufferString("日期,类型,名称\n"), "calendar.import.err.not_xlsx"},
			{"HeaderOnly", workbook(t, [][]any{header}), "calendar.import.err.empty"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Import(ctx, tc.body)
				if _, fe := workday.AsImportErrors(err); fe == nil || fe.Key != tc.key {
					t.Fatalf("Import = %v, want %s", err, tc.key)
				}
			})
		}
	})
}

func TestTemplateImportsAsIs(t *testing.T) {
	var b bytes.Buffer
	if err := workday.WriteTemplate(&b, 2027); err != nil {
		t.Fatal(err)
	}
	s := newStore(t, storetest.SQLite(t))
	res, err := s.Import(context.Background(), &b)
	if err != nil || res.Year != 2027 || res.Days != 2 {
		t.Fatalf("Import of the template = %+v, %v; want its 2 example days", res, err)
	}
}
