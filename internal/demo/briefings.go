package demo

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/briefing"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// LoadBriefings adds the briefing settings of the demo campaign, the
// published briefing of the last dispatch meeting (河西督通〔year〕1号, for the
// fortnight before it) and a draft for the coming meeting (since the last
// one). It runs after LoadMeetings, whose meetings set the periods.
func LoadBriefings(ctx context.Context, tx *store.Tx, d Deps, campaign int64) error {
	office, err := demoPrincipal(ctx, tx, "ducha")
	if err != nil {
		return err
	}
	now := d.Now()
	set := briefing.DefaultSettings
	set.Prefix, set.Issuer, set.CC = "河西督通", "河西区委督查室", "区委办公室，区政府办公室，区人大常委会办公室，区政协办公室"
	if err := briefing.SaveSettingsIn(ctx, tx, campaign, set, now); err != nil {
		return fmt.Errorf("demo briefing settings: %w", err)
	}
	last, ok, err := briefing.LastDispatch(ctx, tx, campaign, now)
	if err != nil {
		return err
	}
	if ok {
		// the briefing the office sent on the morning of the last meeting
		at := last.Add(-2 * time.Hour)
		day := at.In(ui.Shanghai)
		from := day.AddDate(0, 0, -13).Format("2006-01-02")
		s := briefing.New(d.DB, d.Audit, func() time.Time { return at })
		id, err := s.GenerateIn(ctx, tx, office, campaign, briefing.KindBriefing, from, day.Format("2006-01-02"))
		if err != nil {
			return fmt.Errorf("demo briefing: %w", err)
		}
		if _, err := s.PublishIn(ctx, tx, office, id, 1); err != nil {
			return fmt.Errorf("demo briefing publish: %w", err)
		}
	}
	s := briefing.New(d.DB, d.Audit, d.Now)
	from, to, err := briefing.DefaultPeriod(ctx, tx, campaign, now)
	if err != nil {
		return err
	}
	if _, err := s.GenerateIn(ctx, tx, office, campaign, briefing.KindBriefing, from, to); err != nil {
		return fmt.Errorf("demo draft briefing: %w", err)
	}
	return d.Audit.Record(ctx, tx, audit.Entry{Entity: "demo", EntityID: "briefings", Action: "load",
		After: map[string]any{"published": ok, "draft": true}})
}
