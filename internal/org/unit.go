package org

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Kind is a unit's type.
type Kind string

// The unit kinds.
const (
	KindDepartment   Kind = "department"   // 区直单位
	KindSubdistrict  Kind = "subdistrict"  // 街道办事处
	KindTown         Kind = "town"         // 镇人民政府
	KindTownship     Kind = "township"     // 乡人民政府
	KindVillage      Kind = "village"      // 村（居）委会
	KindOrganisation Kind = "organisation" // 社会组织
	KindSystem       Kind = "system"       // 系统管理
)

// Kinds in display order.
var Kinds = []Kind{KindDepartment, KindSubdistrict, KindTown, KindTownship, KindVillage, KindOrganisation, KindSystem}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Unit is a department, a government, a committee or an organisation.
type Unit struct {
	ID         int64
	Name       string
	ShortName  string
	Kind       Kind
	ParentID   int64
	ParentName string
	RegionID   int64
	RegionName string
	Active     bool
}

// UnitInput is what creating or editing a unit takes.
type UnitInput struct {
	Name      string
	ShortName string
	Kind      Kind
	ParentID  int64
	RegionID  int64
}

func (in *UnitInput) validate() ui.Errors {
	in.Name, in.ShortName = strings.TrimSpace(in.Name), strings.TrimSpace(in.ShortName)
	errs := ui.Errors{}
	if k := validName(in.Name); k != "" {
		errs["name"] = k
	}
	if utf8.RuneCountInString(in.ShortName) > maxName {
		errs["short_name"] = "form.too_long"
	}
	if !in.Kind.Valid() {
		errs["kind"] = "org.err.kind"
	}
	return errs
}

// checkRefs fills errs when the parent unit or the region does not exist.
func checkRefs(ctx context.Context, q store.Querier, in UnitInput, self int64, errs ui.Errors) error {
	var n int
	if in.ParentID != 0 {
		if in.ParentID == self {
			errs["parent"] = "org.err.parent_self"
		} else if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE id = ?`, in.ParentID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			errs["parent"] = "org.err.parent_missing"
		}
	}
	if in.RegionID != 0 {
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE id = ?`, in.RegionID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			errs["region"] = "org.err.region_missing"
		}
	}
	return nil
}

// CreateUnit adds a unit.
func (s *Store) CreateUnit(ctx context.Context, in UnitInput) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.CreateUnitIn(ctx, tx, in)
		return err
	})
	return id, err
}

// CreateUnitIn is CreateUnit inside the caller's transaction.
func (s *Store) CreateUnitIn(ctx context.Context, tx *store.Tx, in UnitInput) (int64, error) {
	errs := in.validate()
	if err := checkRefs(ctx, tx, in, 0, errs); err != nil {
		return 0, err
	}
	if len(errs) == 0 {
		if taken, err := unitNameTaken(ctx, tx, in.Name, 0); err != nil {
			return 0, err
		} else if taken {
			errs["name"] = "org.err.unit_name_taken"
		}
	}
	if len(errs) > 0 {
		return 0, errs
	}
	id, err := store.InsertID(ctx, tx, `INSERT INTO units (name, short_name, kind, parent_id, region_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, in.Name, in.ShortName, in.Kind, store.NullID(in.ParentID), store.NullID(in.RegionID), s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("insert unit: %w", err)
	}
	return id, s.audit.Record(ctx, tx, audit.Entry{Entity: "unit", EntityID: strconv.FormatInt(id, 10), Action: "create", After: in})
}

func unitNameTaken(ctx context.Context, q store.Querier, name string, except int64) (bool, error) {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE name = ? AND id <> ?`, name, except).Scan(&n); err != nil {
		return false, fmt.Errorf("check unit name: %w", err)
	}
	return n > 0, nil
}

// UpdateUnit changes a unit; active false retires it.
func (s *Store) UpdateUnit(ctx context.Context, id int64, in UnitInput, active bool) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := unitByID(ctx, tx, id)
		if err != nil {
			return err
		}
		errs := in.validate()
		if err := checkRefs(ctx, tx, in, id, errs); err != nil {
			return err
		}
		if taken, err := unitNameTaken(ctx, tx, in.Name, id); err != nil {
			return err
		} else if taken && errs["name"] == "" {
			errs["name"] = "org.err.unit_name_taken"
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.Exec(ctx, `UPDATE units SET name = ?, short_name = ?, kind = ?, parent_id = ?, region_id = ?, active = ?
			WHERE id = ?`, in.Name, in.ShortName, in.Kind, store.NullID(in.ParentID), store.NullID(in.RegionID), active, id); err != nil {
			return fmt.Errorf("update unit: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "unit", EntityID: strconv.FormatInt(id, 10), Action: "update",
			Before: before, After: map[string]any{"input": in, "active": active}})
	})
}

const unitSelect = `SELECT u.id, u.name, u.short_name, u.kind, COALESCE(u.parent_id, 0), COALESCE(p.name, ''),
	COALESCE(u.region_id, 0), COALESCE(r.name, ''), u.active FROM units u
	LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN regions r ON r.id = u.region_id`

func scanUnit(sc interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	err := sc.Scan(&u.ID, &u.Name, &u.ShortName, &u.Kind, &u.ParentID, &u.ParentName, &u.RegionID, &u.RegionName, &u.Active)
	return u, err
}

func unitByID(ctx context.Context, q store.Querier, id int64) (Unit, error) {
	u, err := scanUnit(q.QueryRow(ctx, unitSelect+` WHERE u.id = ?`, id))
	return u, store.NotFound(err, "unit")
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (Unit, error) { return unitByID(ctx, s.db, id) }

// Units lists every unit, by kind then name.
func (s *Store) Units(ctx context.Context) ([]Unit, error) {
	rows, err := s.db.Query(ctx, unitSelect+` ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return scanUnits(rows)
}

func scanUnits(rows *sql.Rows) ([]Unit, error) {
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UnitByName finds a unit by its exact name.
func (s *Store) UnitByName(ctx context.Context, q store.Querier, name string) (Unit, error) {
	u, err := scanUnit(q.QueryRow(ctx, unitSelect+` WHERE u.name = ?`, name))
	return u, store.NotFound(err, "unit")
}
