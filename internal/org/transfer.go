package org

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Transfer (划转) moves a town or township with all its villages to another
// county or district from a date. New codes are optional: the yearly
// statistical release publishes them, and when given the town's and every
// village's are needed together, since a village code extends its town's.
type Transfer struct {
	RegionID     int64
	ToParentID   int64
	Date         string           // effective date: the first day under the new parent
	NewCode      string           // the town's new code, or ""
	VillageCodes map[int64]string // village id → new code, when NewCode is given
}

// TransferPlan is everything a transfer moves, shown before it is confirmed.
type TransferPlan struct {
	Date   string
	Region Region // the town with its code before the date
	From   Region // the parent before the date
	To     Region
	Moves  []Move // the town first, then its villages
}

// Move is one region the transfer touches.
type Move struct {
	Region    Region
	OldCode   string
	NewCode   string // "" when the code stays
	OldParent string
	NewParent string
}

// PreviewTransfer checks t and lists what it would move, changing nothing.
func (s *Store) PreviewTransfer(ctx context.Context, t Transfer) (TransferPlan, error) {
	return s.plan(ctx, s.db, t)
}

// ApplyTransfer carries t out in one transaction, audited.
func (s *Store) ApplyTransfer(ctx context.Context, t Transfer) (TransferPlan, error) {
	var p TransferPlan
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		p, err = s.ApplyTransferIn(ctx, tx, t)
		return err
	})
	return p, err
}

// ApplyTransferIn is ApplyTransfer inside the caller's transaction.
func (s *Store) ApplyTransferIn(ctx context.Context, tx *store.Tx, t Transfer) (TransferPlan, error) {
	p, err := s.plan(ctx, tx, t)
	if err != nil {
		return p, err
	}
	if _, err := tx.Exec(ctx, `UPDATE region_parents SET valid_to = ? WHERE region_id = ? AND valid_to IS NULL`, p.Date, p.Region.ID); err != nil {
		return p, fmt.Errorf("close parent link: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO region_parents (region_id, parent_id, valid_from) VALUES (?, ?, ?)`,
		p.Region.ID, p.To.ID, p.Date); err != nil {
		return p, fmt.Errorf("open parent link: %w", err)
	}
	// Town first: the villages' new codes are checked against its new code.
	for _, m := range p.Moves {
		if m.NewCode == "" {
			continue
		}
		key, err := s.setCodeIn(ctx, tx, m.Region, m.NewCode, p.Date)
		if err != nil {
			return p, err
		}
		if key != "" {
			return p, ui.Errors{codeField(p, m.Region.ID): key}
		}
	}
	return p, s.audit.Record(ctx, tx, audit.Entry{Entity: "region", EntityID: strconv.FormatInt(p.Region.ID, 10),
		Action: "transfer", Before: map[string]any{"parent": p.From.Name, "code": p.Region.Code}, After: p})
}

// codeField names the form field of a region's new code.
func codeField(p TransferPlan, id int64) string {
	if id == p.Region.ID {
		return "code"
	}
	return "code_" + strconv.FormatInt(id, 10)
}

// plan validates t against the data as it is and builds the plan.
func (s *Store) plan(ctx context.Context, q store.Querier, t Transfer) (TransferPlan, error) {
	p := TransferPlan{}
	date, ok := ParseDate(t.Date)
	if !ok {
		return p, ui.Errors{"date": "org.err.date"}
	}
	p.Date = date
	before := dayBefore(date)
	town, err := s.regionOn(ctx, q, t.RegionID, before)
	if err != nil {
		return p, err
	}
	if town.Level != LevelTown && town.Level != LevelTownship {
		return p, ui.Errors{"region": "org.err.transfer_level"}
	}
	p.Region = town
	var linkFrom string
	var fromID int64
	err = q.QueryRow(ctx, `SELECT parent_id, valid_from FROM region_parents WHERE region_id = ? AND valid_to IS NULL`, town.ID).Scan(&fromID, &linkFrom)
	if err := store.NotFound(err, "current parent"); err != nil {
		return p, ui.Errors{"region": "org.err.no_parent"}
	}
	if p.From, err = s.regionOn(ctx, q, fromID, before); err != nil {
		return p, err
	}
	to, err := s.regionOn(ctx, q, t.ToParentID, date)
	switch {
	case err != nil:
		return p, ui.Errors{"to": "org.err.parent_missing"}
	case to.Level != LevelCounty && to.Level != LevelDistrict:
		return p, ui.Errors{"to": "org.err.parent_level"}
	case to.ID == fromID:
		return p, ui.Errors{"to": "org.err.same_parent"}
	}
	p.To = to
	if date <= linkFrom {
		return p, ui.Errors{"date": "org.err.date_before_current"}
	}
	return p, s.planMoves(ctx, q, &p, t)
}

// planMoves lists the town and its villages with old and new codes and checks the new codes.
func (s *Store) planMoves(ctx context.Context, q store.Querier, p *TransferPlan, t Transfer) error {
	villages, err := s.childrenOn(ctx, q, p.Region.ID, dayBefore(p.Date))
	if err != nil {
		return err
	}
	newTown := strings.TrimSpace(t.NewCode)
	errs := ui.Errors{}
	p.Moves = append(p.Moves, Move{Region: p.Region, OldCode: p.Region.Code, NewCode: newTown,
		OldParent: p.From.Name, NewParent: p.To.Name})
	if newTown != "" {
		if k := s.checkNewCode(ctx, q, newTown, p.Region, p.To.Code); k != "" {
			errs["code"] = k
		}
	}
	for _, v := range villages {
		nc := strings.TrimSpace(t.VillageCodes[v.ID])
		field := "code_" + strconv.FormatInt(v.ID, 10)
		switch {
		case newTown == "" && nc != "":
			errs[field] = "org.err.town_code_first"
		case newTown != "" && nc == "":
			errs[field] = "org.err.village_code_needed"
		case nc != "":
			if k := s.checkNewCode(ctx, q, nc, v, newTown); k != "" {
				errs[field] = k
			}
		}
		p.Moves = append(p.Moves, Move{Region: v, OldCode: v.Code, NewCode: nc,
			OldParent: p.From.Name + " / " + p.Region.Name, NewParent: p.To.Name + " / " + p.Region.Name})
	}
	if hasDuplicateCodes(p.Moves) {
		errs["code"] = "org.err.code_duplicate"
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkNewCode returns a message key when code is malformed, does not extend
// the new parent's code, is the region's present code or belongs to another region.
func (s *Store) checkNewCode(ctx context.Context, q store.Querier, code string, r Region, parentCode string) string {
	if k := checkCodeShape(code, r.Level); k != "" {
		return k
	}
	if checkCodeShape(parentCode, LevelCounty) == "" || checkCodeShape(parentCode, LevelTown) == "" {
		if k := checkCodePrefix(code, r.Level, parentCode); k != "" {
			return k
		}
	}
	if code == r.Code {
		return "org.err.code_same"
	}
	if taken, err := codeTaken(ctx, q, code, r.ID); err != nil || taken {
		return "org.err.code_taken"
	}
	return ""
}

func hasDuplicateCodes(ms []Move) bool {
	seen := map[string]bool{}
	for _, m := range ms {
		if m.NewCode == "" {
			continue
		}
		if seen[m.NewCode] {
			return true
		}
		seen[m.NewCode] = true
	}
	return false
}

// dayBefore returns the date before d ('YYYY-MM-DD', already valid).
func dayBefore(d string) string {
	t, _ := time.Parse(dateLayout, d)
	return t.AddDate(0, 0, -1).Format(dateLayout)
}
