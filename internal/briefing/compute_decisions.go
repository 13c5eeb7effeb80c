package briefing

import (
	"context"
	"errors"
	"time"

	"tongchou/internal/meeting"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// lastHeld finds the campaign's last dispatch meeting held before the
// instant given (planned ones are skipped: they have no decisions yet).
func lastHeld(ctx context.Context, q store.Querier, campaign int64, before time.Time) (meeting.Meeting, bool, error) {
	for range 20 {
		m, err := meeting.LastMeeting(ctx, q, campaign, meeting.KindDispatch, before)
		if errors.Is(err, store.ErrNotFound) {
			return m, false, nil
		}
		if err != nil {
			return m, false, err
		}
		if m.State != "planned" {
			return m, true, nil
		}
		before = m.HeldAt
	}
	return meeting.Meeting{}, false, nil
}

// decisions lists the last dispatch meeting's decisions with their tasks'
// states and lights, as judged for this briefing.
func (c *calc) decisions(ctx context.Context, q store.Querier) error {
	c.f.Decisions = []Decision{}
	m, ok, err := lastHeld(ctx, q, c.f.CampaignID, c.toAt)
	if err != nil || !ok {
		return err
	}
	c.f.MeetingTitle = m.Title
	ds, err := meeting.Decisions(ctx, q, m.ID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		deadline := d.Deadline
		if d.TaskDeadline != "" {
			deadline = d.TaskDeadline
		}
		c.f.Decisions = append(c.f.Decisions, Decision{Seq: d.Seq, Text: d.Text, Unit: d.LeadUnitName, Deadline: deadline,
			TaskID: d.TaskID, State: string(d.TaskState), Light: string(c.lights[d.TaskID])})
	}
	return nil
}

// DefaultPeriod is the period a new briefing covers: from the day after the
// campaign's last dispatch meeting held before today (or, without one, the
// day after the last published briefing ended, or the campaign's start) to today.
func DefaultPeriod(ctx context.Context, q store.Querier, campaign int64, now time.Time) (string, string, error) {
	today := now.In(ui.Shanghai).Format(dateLayout)
	var start string
	if err := q.QueryRow(ctx, `SELECT start_date FROM campaigns WHERE id = ?`, campaign).Scan(&start); err != nil {
		return "", "", store.NotFound(err, "campaign")
	}
	from := start
	m, ok, err := lastHeld(ctx, q, campaign, now)
	if err != nil {
		return "", "", err
	}
	if ok {
		from = m.HeldAt.In(ui.Shanghai).AddDate(0, 0, 1).Format(dateLayout)
	} else {
		var last string
		err := q.QueryRow(ctx, `SELECT COALESCE(MAX(period_to), '') FROM briefings WHERE campaign_id = ? AND kind = 'briefing'
			AND status = 'published' AND period_to < ?`, campaign, today).Scan(&last)
		if err != nil {
			return "", "", err
		}
		if d, err := time.Parse(dateLayout, last); err == nil {
			from = d.AddDate(0, 0, 1).Format(dateLayout)
		}
	}
	if from > today {
		from = today
	}
	return from, today, nil
}

// LastDispatch is when the campaign's last dispatch meeting held before the
// instant given took place; false when there was none.
func LastDispatch(ctx context.Context, q store.Querier, campaign int64, before time.Time) (time.Time, bool, error) {
	m, ok, err := lastHeld(ctx, q, campaign, before)
	return m.HeldAt, ok, err
}
