package org

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// The sheets of the import workbook; their names are part of the template.
const (
	SheetUnits = "单位"
	SheetUsers = "用户"
)

// Columns of each sheet, in order, by form field (message keys org.import.col.<field>).
var (
	unitColumns = []string{"name", "short_name", "kind", "parent", "region"}
	userColumns = []string{"username", "person", "unit", "position", "phone", "roles", "extra_units"}
)

// maxImportRows bounds a workbook so one upload cannot run for hours.
const maxImportRows = 2000

// RowError is one bad row: sheet, row number as Excel shows it, column field and reason key.
type RowError struct {
	Sheet string
	Row   int
	Field string
	Key   string
}

// ImportErrors is every bad row of a refused workbook.
type ImportErrors []RowError

func (e ImportErrors) Error() string { return fmt.Sprintf("import refused: %d bad rows", len(e)) }

// ErrImportFile is a workbook that cannot be read at all; its text is a message key.
type ErrImportFile struct{ Key, Arg string }

func (e ErrImportFile) Error() string { return e.Key }

// Imported is what a good workbook created; the passwords are shown once.
type Imported struct {
	Units int
	Users []ImportedUser
}

// ImportedUser is a new account with its one-time password.
type ImportedUser struct {
	Username, Name, Password string
}

// Import reads a workbook and creates its units, then its users, in one
// transaction. When any row is bad it creates nothing and returns every bad row.
func (s *Store) Import(ctx context.Context, r io.Reader) (Imported, error) {
	units, users, err := readWorkbook(r)
	if err != nil {
		return Imported{}, err
	}
	var out Imported
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var bad ImportErrors
		out = Imported{}
		for _, row := range units {
			if errs := s.importUnit(ctx, tx, row); len(errs) > 0 {
				bad = append(bad, rowErrors(SheetUnits, row.n, errs)...)
				continue
			}
			out.Units++
		}
		for _, row := range users {
			u, errs, err := s.importUser(ctx, tx, row, len(bad) > 0)
			if err != nil {
				return err
			}
			if len(errs) > 0 {
				bad = append(bad, rowErrors(SheetUsers, row.n, errs)...)
				continue
			}
			if u.Username != "" {
				out.Users = append(out.Users, u)
			}
		}
		if len(bad) > 0 {
			return bad
		}
		return nil
	})
	if err != nil {
		return Imported{}, err
	}
	return out, nil
}

func rowErrors(sheet string, n int, errs ui.Errors) []RowError {
	var out []RowError
	for f, k := range errs {
		if sheet == SheetUsers && f == "name" {
			f = "person" // the column is 姓名, not 名称
		}
		out = append(out, RowError{Sheet: sheet, Row: n, Field: f, Key: k})
	}
	sortRowErrors(out)
	return out
}

// row is one non-empty line of a sheet with its Excel row number.
type row struct {
	n     int
	cells map[string]string
}

// readWorkbook opens the upload and returns the rows of both sheets, header skipped.
func readWorkbook(r io.Reader) (units, users []row, err error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20})
	if err != nil {
		return nil, nil, ErrImportFile{Key: "org.import.err.not_xlsx"}
	}
	defer f.Close()
	for _, sh := range []struct {
		name string
		cols []string
		dst  *[]row
	}{{SheetUnits, unitColumns, &units}, {SheetUsers, userColumns, &users}} {
		if idx, err := f.GetSheetIndex(sh.name); err != nil || idx < 0 {
			return nil, nil, ErrImportFile{Key: "org.import.err.sheet_missing", Arg: sh.name}
		}
		rows, err := f.GetRows(sh.name)
		if err != nil {
			return nil, nil, ErrImportFile{Key: "org.import.err.not_xlsx"}
		}
		if len(rows) > maxImportRows+1 {
			return nil, nil, ErrImportFile{Key: "org.import.err.too_many_rows", Arg: sh.name}
		}
		for i, cells := range rows {
			if i == 0 || blank(cells) {
				continue // header
			}
			rw := row{n: i + 1, cells: map[string]string{}}
			for c, field := range sh.cols {
				if c < len(cells) {
					rw.cells[field] = strings.TrimSpace(cells[c])
				}
			}
			*sh.dst = append(*sh.dst, rw)
		}
	}
	if len(units)+len(users) == 0 {
		return nil, nil, ErrImportFile{Key: "org.import.err.empty"}
	}
	return units, users, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// IsImportFileError reports whether err is an unreadable workbook.
func IsImportFileError(err error) (ErrImportFile, bool) {
	var e ErrImportFile
	ok := errors.As(err, &e)
	return e, ok
}

// splitList splits a cell of several values (roles, extra units) on commas and 、.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// roleByLabel accepts a role's code or its Chinese name.
var roleByLabel = map[string]auth.Role{
	"督查室": auth.RoleOffice, "活动办": auth.RoleOffice, "区领导": auth.RoleLeader, "单位负责人": auth.RoleUnitHead,
	"联络员": auth.RoleLiaison, "网格员": auth.RoleGridWorker,
	"系统管理员": auth.RoleSysAdmin, "安全管理员": auth.RoleSecAdmin, "审计管理员": auth.RoleAuditor,
}

// kindByLabel accepts a unit kind's code or its Chinese name.
var kindByLabel = map[string]Kind{
	"区直单位": KindDepartment, "部门": KindDepartment, "街道": KindSubdistrict, "街道办事处": KindSubdistrict,
	"镇": KindTown, "镇政府": KindTown, "镇人民政府": KindTown, "乡": KindTownship, "乡政府": KindTownship, "乡人民政府": KindTownship,
	"村": KindVillage, "社区": KindVillage, "村（居）委会": KindVillage, "村委会": KindVillage, "居委会": KindVillage,
	"社会组织": KindOrganisation,
}
