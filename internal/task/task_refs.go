package task

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// checkRefs checks the ids an input names against the database: the parent
// and phase belong to the campaign, the units are active, the responsible
// person serves the lead unit and the leader in charge holds the leader role.
func checkRefs(ctx context.Context, q store.Querier, in *Input, self int64, errs ui.Errors) error {
	checks := []struct {
		field, query string
		args         []any
		skip         bool
	}{
		{"parent", `SELECT 1 FROM tasks WHERE id = ? AND campaign_id = ? AND id <> ?`, []any{in.ParentID, in.CampaignID, self}, in.ParentID == 0},
		{"phase", `SELECT 1 FROM campaign_phases WHERE id = ? AND campaign_id = ?`, []any{in.PhaseID, in.CampaignID}, in.PhaseID == 0},
		{"lead_unit", `SELECT 1 FROM units WHERE id = ? AND active`, []any{in.LeadUnitID}, in.LeadUnitID == 0},
		{"responsible", `SELECT 1 FROM users u WHERE u.id = ? AND NOT u.disabled AND (u.unit_id = ?
			OR EXISTS (SELECT 1 FROM user_units x WHERE x.user_id = u.id AND x.unit_id = ?))`,
			[]any{in.ResponsibleID, in.LeadUnitID, in.LeadUnitID}, in.ResponsibleID == 0 || errs["lead_unit"] != ""},
		{"leader", `SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ? WHERE u.id = ? AND NOT u.disabled`,
			[]any{auth.RoleLeader, in.LeaderID}, in.LeaderID == 0},
	}
	for _, c := range checks {
		if c.skip || errs[c.field] != "" {
			continue
		}
		var one int
		err := q.QueryRow(ctx, c.query, c.args...).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			errs[c.field] = "task.err.ref_" + c.field
		} else if err != nil {
			return fmt.Errorf("check %s: %w", c.field, err)
		}
	}
	if len(in.CoUnitIDs) > 0 && errs["co_units"] == "" {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE active AND id IN (`+store.Placeholders(len(in.CoUnitIDs))+`)`,
			store.IDArgs(in.CoUnitIDs)...).Scan(&n); err != nil {
			return fmt.Errorf("check co-units: %w", err)
		}
		if n != len(in.CoUnitIDs) {
			errs["co_units"] = "task.err.ref_co_units"
		}
	}
	return nil
}

// checkNoCycle refuses a parent that is the task itself or one of its
// descendants, which would cut the subtree off the tree.
func checkNoCycle(ctx context.Context, q store.Querier, self, parent int64, errs ui.Errors) error {
	for id, depth := parent, 0; id != 0 && depth < 100; depth++ {
		if id == self {
			errs["parent"] = "task.err.parent_cycle"
			return nil
		}
		var next sql.NullInt64
		if err := q.QueryRow(ctx, `SELECT parent_id FROM tasks WHERE id = ?`, id).Scan(&next); err != nil {
			return store.NotFound(err, "parent")
		}
		id = next.Int64
	}
	return nil
}
