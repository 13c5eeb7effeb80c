package org

import (
	"context"
	"errors"
	"sort"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

func sortRowErrors(es []RowError) {
	order := map[string]int{}
	for i, f := range append(append([]string{}, unitColumns...), userColumns...) {
		if _, ok := order[f]; !ok {
			order[f] = i
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return order[es[i].Field] < order[es[j].Field] })
}

// importUnit creates one unit row inside the import transaction.
func (s *Store) importUnit(ctx context.Context, tx *store.Tx, rw row) ui.Errors {
	c := rw.cells
	errs := ui.Errors{}
	in := UnitInput{Name: c["name"], ShortName: c["short_name"], Kind: Kind(c["kind"])}
	if k, ok := kindByLabel[c["kind"]]; ok {
		in.Kind = k
	}
	if c["parent"] != "" {
		if p, err := s.UnitByName(ctx, tx, c["parent"]); err == nil {
			in.ParentID = p.ID
		} else {
			errs["parent"] = "org.err.unit_missing"
		}
	}
	if c["region"] != "" {
		var id int64
		err := tx.QueryRow(ctx, `SELECT region_id FROM region_codes WHERE code = ? AND valid_to IS NULL`, c["region"]).Scan(&id)
		if err != nil {
			errs["region"] = "org.err.region_code_unknown"
		}
		in.RegionID = id
	}
	if len(errs) > 0 {
		for k, v := range in.validateCopy() {
			errs[k] = v
		}
		return errs
	}
	_, err := s.CreateUnitIn(ctx, tx, in)
	if e := ui.AsErrors(err); e != nil {
		return e
	}
	if err != nil {
		return ui.Errors{"name": "error.500"}
	}
	return nil
}

// validateCopy validates a copy of in (the fields of a row that already failed).
func (in UnitInput) validateCopy() ui.Errors { return in.validate() }

// importUser creates one user row; checkOnly validates without creating
// (once a row has failed nothing will be kept, so no password is hashed).
func (s *Store) importUser(ctx context.Context, tx *store.Tx, rw row, checkOnly bool) (ImportedUser, ui.Errors, error) {
	c := rw.cells
	errs := ui.Errors{}
	in := UserInput{Username: c["username"], Name: c["person"], Position: c["position"], Phone: c["phone"]}
	if c["unit"] == "" {
		errs["unit"] = "form.required"
	} else if u, err := s.UnitByName(ctx, tx, c["unit"]); err == nil {
		in.UnitID = u.ID
	} else {
		errs["unit"] = "org.err.unit_missing"
	}
	for _, name := range splitList(c["extra_units"]) {
		if u, err := s.UnitByName(ctx, tx, name); err == nil {
			in.ExtraUnits = append(in.ExtraUnits, u.ID)
		} else {
			errs["extra_units"] = "org.err.unit_missing"
		}
	}
	for _, label := range splitList(c["roles"]) {
		r, ok := roleByLabel[label]
		if !ok {
			r = auth.Role(label)
		}
		if !r.Valid() {
			errs["roles"] = "org.err.role_unknown"
			continue
		}
		in.Roles = append(in.Roles, r)
	}
	if len(errs) > 0 || checkOnly {
		v := s.userErrors(ctx, tx, in)
		for k, val := range errs {
			v[k] = val
		}
		return ImportedUser{}, v, nil
	}
	_, pw, err := s.CreateUserIn(ctx, tx, in)
	if e := ui.AsErrors(err); e != nil {
		return ImportedUser{}, e, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return ImportedUser{}, nil, err
	}
	return ImportedUser{Username: in.Username, Name: in.Name, Password: pw}, nil, nil
}

// userErrors validates in without creating anything; unit existence is
// left to the caller when the unit id is unknown.
func (s *Store) userErrors(ctx context.Context, tx *store.Tx, in UserInput) ui.Errors {
	errs := in.validate(true)
	if in.UnitID == 0 {
		delete(errs, "unit")
	}
	var n int
	if errs["username"] == "" && tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, in.Username).Scan(&n) == nil && n > 0 {
		errs["username"] = "org.err.username_taken"
	}
	return errs
}
