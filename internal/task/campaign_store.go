package task

import (
	"context"
	"fmt"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// CreateCampaign stores a new campaign with its phases; the office only. The
// owner unit is the creator's own unit.
func (s *Store) CreateCampaign(ctx context.Context, p *auth.Principal, c *Campaign) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	if errs := c.validate(); len(errs) > 0 {
		return errs
	}
	c.OwnerUnitID = p.UnitID
	return s.db.InTx(ctx, func(tx *store.Tx) error { return s.insertCampaign(ctx, tx, p, c) })
}

// insertCampaign writes a checked campaign, its phases and the audit entry.
func (s *Store) insertCampaign(ctx context.Context, tx *store.Tx, p *auth.Principal, c *Campaign) error {
	now := s.now().UTC()
	st := c.Settings
	id, err := store.InsertID(ctx, tx, `INSERT INTO campaigns (name, description, start_date, end_date, owner_unit_id,
		light_lag_red, light_lag_yellow, light_due_days, escalate_orange_days, escalate_red_days, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Name, c.Description, c.StartDate, c.EndDate, c.OwnerUnitID,
		st.LagRed, st.LagYellow, st.DueDays, st.OrangeDays, st.RedDays, store.NullID(p.ID), now, now)
	if err != nil {
		return fmt.Errorf("insert campaign: %w", err)
	}
	c.ID, c.Version = id, 1
	for i := range c.Phases {
		ph := &c.Phases[i]
		if ph.ID, err = store.InsertID(ctx, tx, `INSERT INTO campaign_phases (campaign_id, seq, name, start_date, end_date)
			VALUES (?, ?, ?, ?, ?)`, id, ph.Seq, ph.Name, ph.StartDate, ph.EndDate); err != nil {
			return fmt.Errorf("insert phase: %w", err)
		}
	}
	return s.audit.Record(ctx, tx, audit.Entry{Entity: "campaign", EntityID: itoa(id), Action: "create",
		After: map[string]any{"name": c.Name, "start": c.StartDate, "end": c.EndDate, "phases": len(c.Phases), "settings": st}})
}

const campaignCols = `c.id, c.name, c.description, c.start_date, c.end_date, c.owner_unit_id, u.name,
	c.light_lag_red, c.light_lag_yellow, c.light_due_days, c.escalate_orange_days, c.escalate_red_days, c.version, c.report_workdays`

func scanCampaign(sc interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	st := &c.Settings
	err := sc.Scan(&c.ID, &c.Name, &c.Description, &c.StartDate, &c.EndDate, &c.OwnerUnitID, &c.OwnerUnitName,
		&st.LagRed, &st.LagYellow, &st.DueDays, &st.OrangeDays, &st.RedDays, &c.Version, &c.ReportWorkdays)
	return c, err
}

// Campaigns lists every campaign, newest first, with the number of tasks the
// viewer can see in each. Any business role may list them.
func (s *Store) Campaigns(ctx context.Context, p *auth.Principal) ([]Campaign, error) {
	if !p.HasBusinessRole() {
		return nil, ui.ErrForbidden
	}
	where, args := scopeWhere(p)
	rows, err := s.db.Query(ctx, `SELECT `+campaignCols+`, (SELECT COUNT(*) FROM tasks t WHERE t.campaign_id = c.id AND `+where+`)
		FROM campaigns c JOIN units u ON u.id = c.owner_unit_id ORDER BY c.start_date DESC, c.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		var n int
		c, err := scanCampaign(scanPlus{rows, &n})
		if err != nil {
			return nil, err
		}
		c.TaskCount = n
		out = append(out, c)
	}
	return out, rows.Err()
}

// scanPlus appends extra destinations to a row's Scan.
type scanPlus struct {
	sc    interface{ Scan(...any) error }
	extra *int
}

func (s scanPlus) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra)...) }

// Campaign returns one campaign with its phases.
func (s *Store) Campaign(ctx context.Context, p *auth.Principal, id int64) (Campaign, error) {
	if !p.HasBusinessRole() {
		return Campaign{}, store.ErrNotFound
	}
	return campaignByID(ctx, s.db, id)
}

func campaignByID(ctx context.Context, q store.Querier, id int64) (Campaign, error) {
	c, err := scanCampaign(q.QueryRow(ctx, `SELECT `+campaignCols+` FROM campaigns c JOIN units u ON u.id = c.owner_unit_id
		WHERE c.id = ?`, id))
	if err := store.NotFound(err, "campaign"); err != nil {
		return Campaign{}, err
	}
	c.Phases, err = phases(ctx, q, id)
	return c, err
}

func phases(ctx context.Context, q store.Querier, campaign int64) ([]Phase, error) {
	rows, err := q.Query(ctx, `SELECT id, seq, name, start_date, end_date FROM campaign_phases WHERE campaign_id = ? ORDER BY seq`, campaign)
	if err != nil {
		return nil, fmt.Errorf("phases: %w", err)
	}
	defer rows.Close()
	var out []Phase
	for rows.Next() {
		var ph Phase
		if err := rows.Scan(&ph.ID, &ph.Seq, &ph.Name, &ph.StartDate, &ph.EndDate); err != nil {
			return nil, err
		}
		out = append(out, ph)
	}
	return out, rows.Err()
}

// CurrentPhase returns the phase that contains today, or nil.
func (c *Campaign) CurrentPhase(today string) *Phase {
	for i := range c.Phases {
		if c.Phases[i].StartDate <= today && today <= c.Phases[i].EndDate {
			return &c.Phases[i]
		}
	}
	return nil
}

// CreateCampaignIn is CreateCampaign inside the caller's transaction (the
// demo loader); the office only.
func (s *Store) CreateCampaignIn(ctx context.Context, tx *store.Tx, p *auth.Principal, c *Campaign) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	if errs := c.validate(); len(errs) > 0 {
		return errs
	}
	c.OwnerUnitID = p.UnitID
	return s.insertCampaign(ctx, tx, p, c)
}
