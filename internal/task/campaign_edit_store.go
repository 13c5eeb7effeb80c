package task

import (
	"context"
	"fmt"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// UpdateCampaign changes a campaign, its settings and its phases; an office
// user of the owner unit only, and only from the version the editor saw
// (else store.ErrConflict). A phase that tasks use cannot be removed. The
// lights are computed from the stored thresholds on every read, so a new
// threshold shows on the next page; the escalation ladder reads the new
// delays on its next run.
func (s *Store) UpdateCampaign(ctx context.Context, p *auth.Principal, id int64, ch CampaignChange) error {
	if !p.HasBusinessRole() {
		return store.ErrNotFound
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := campaignByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !canEditCampaign(p, &old) {
			return ui.ErrForbidden
		}
		if old.Version != ch.Version {
			// a stale form may lack phases added meanwhile: say so
			// before judging its rows (the UPDATE checks again)
			return fmt.Errorf("campaign %d changed meanwhile: %w", id, store.ErrConflict)
		}
		if err := matchPhases(&old, ch.Phases); err != nil {
			return err
		}
		errs := ch.validate()
		if err := checkRemovable(ctx, tx, ch.Phases, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		if err := s.writeCampaign(ctx, tx, id, ch); err != nil {
			return err
		}
		before := ChangeOf(&old)
		after := ch
		after.Version = ch.Version + 1
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "campaign", EntityID: itoa(id), Action: "update",
			Before: before.auditView(), After: after.auditView()})
	})
}

// matchPhases requires the rows to name every existing phase exactly once
// and no phase of another campaign: a form that lost or invented a row is
// refused rather than guessed at.
func matchPhases(old *Campaign, rows []PhaseChange) error {
	have := map[int64]bool{}
	for _, ph := range old.Phases {
		have[ph.ID] = false
	}
	for _, r := range rows {
		if r.ID == 0 {
			continue
		}
		seen, ok := have[r.ID]
		if !ok || seen {
			return fmt.Errorf("phase %d not of campaign %d: %w", r.ID, old.ID, ui.ErrBadRequest)
		}
		have[r.ID] = true
	}
	for id, seen := range have {
		if !seen {
			return fmt.Errorf("phase %d missing from the form: %w", id, ui.ErrBadRequest)
		}
	}
	return nil
}

// checkRemovable refuses to remove a phase that a task still belongs to;
// the error sits beside the row's name.
func checkRemovable(ctx context.Context, tx *store.Tx, rows []PhaseChange, errs ui.Errors) error {
	for i, r := range rows {
		if !r.Remove || r.ID == 0 {
			continue
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM tasks WHERE phase_id = ?`, r.ID).Scan(&n); err != nil {
			return fmt.Errorf("tasks of phase %d: %w", r.ID, err)
		}
		if n > 0 {
			errs["phase"+itoa(int64(i))+"_name"] = "campaign_edit.err.phase_has_tasks"
		}
	}
	return nil
}

// writeCampaign stores a checked change: the campaign row under its version,
// then the phases (deleted, updated, inserted).
func (s *Store) writeCampaign(ctx context.Context, tx *store.Tx, id int64, ch CampaignChange) error {
	st := ch.Settings
	res, err := tx.Exec(ctx, `UPDATE campaigns SET name = ?, description = ?, start_date = ?, end_date = ?,
		light_lag_red = ?, light_lag_yellow = ?, light_due_days = ?, escalate_orange_days = ?, escalate_red_days = ?,
		report_workdays = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		ch.Name, ch.Description, ch.StartDate, ch.EndDate, st.LagRed, st.LagYellow, st.DueDays, st.OrangeDays, st.RedDays,
		ch.ReportWorkdays, s.now().UTC(), id, ch.Version)
	if err != nil {
		return fmt.Errorf("update campaign %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update campaign %d: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("campaign %d changed meanwhile: %w", id, store.ErrConflict)
	}
	for _, r := range ch.Phases {
		var err error
		switch {
		case r.Remove:
			_, err = tx.Exec(ctx, `DELETE FROM campaign_phases WHERE id = ? AND campaign_id = ?`, r.ID, id)
		case r.ID != 0:
			_, err = tx.Exec(ctx, `UPDATE campaign_phases SET seq = ?, name = ?, start_date = ?, end_date = ?
				WHERE id = ? AND campaign_id = ?`, r.Seq, r.Name, r.StartDate, r.EndDate, r.ID, id)
		default:
			_, err = tx.Exec(ctx, `INSERT INTO campaign_phases (campaign_id, seq, name, start_date, end_date)
				VALUES (?, ?, ?, ?, ?)`, id, r.Seq, r.Name, r.StartDate, r.EndDate)
		}
		if err != nil {
			return fmt.Errorf("campaign %d phase: %w", id, err)
		}
	}
	return nil
}
