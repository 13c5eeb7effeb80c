package calfeed

import (
	"context"
	"fmt"
	"strconv"
	"time"
	"tongchou/internal/store"

	"tongchou/internal/auth"
	"tongchou/internal/task"
)

// The feed covers a window around today: recent past for context, a year ahead.
const (
	pastDays   = 60
	futureDays = 366
	// meetingHours is a meeting's assumed length: meetings record a start only.
	meetingHours = 2
	meetingLimit = 1000
)

// Texts are the words of the feed in the owner's language.
type Texts func(key string, args ...any) string

// Events builds p's feed: meetings p's units attend (every meeting for the
// office, which runs them), deadlines of the tasks in p's scope and the
// report due dates of the tasks p's units lead. base is the site address
// (scheme and host) for the events' links.
func (s *Store) Events(ctx context.Context, p *auth.Principal, t Texts, base string) ([]Event, error) {
	today := s.now().In(shanghai)
	from := today.AddDate(0, 0, -pastDays)
	to := today.AddDate(0, 0, futureDays)
	out, err := s.meetings(ctx, p, t, base, from, to)
	if err != nil {
		return nil, err
	}
	entries, err := s.tasks.CalendarEntries(ctx, p, from.Format("2006-01-02"), to.Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		id := strconv.FormatInt(e.TaskID, 10)
		ev := Event{AllDay: true, Date: e.Date, URL: base + "/tasks/" + id,
			Description: t("calfeed.ics.task_desc", e.Campaign, e.LeadUnit, t("task.state."+string(e.State)))}
		switch e.Kind {
		case task.CalendarDeadline:
			ev.UID = "task-" + id + "-deadline@tongchou"
			ev.Summary = t("calfeed.ics.deadline", e.Title)
		default:
			ev.UID = "task-" + id + "-report-" + e.Date + "@tongchou"
			ev.Summary = t("calfeed.ics.report", e.Title)
		}
		out = append(out, ev)
	}
	return out, nil
}

// meetings lists the meetings in the window p's feed shows.
func (s *Store) meetings(ctx context.Context, p *auth.Principal, t Texts, base string, from, to time.Time) ([]Event, error) {
	where, args := "1 = 1", []any{}
	if !p.Has(auth.RoleOffice) {
		where = `EXISTS (SELECT 1 FROM meeting_units mu WHERE mu.meeting_id = m.id AND mu.unit_id IN (` + store.Placeholders(len(p.Units)) + `))`
		for _, u := range p.Units {
			args = append(args, u)
		}
	}
	if !p.HasBusinessRole() {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, `SELECT m.id, m.kind, m.title, m.held_at, m.place, c.name FROM meetings m
		JOIN campaigns c ON c.id = m.campaign_id WHERE `+where+` AND m.held_at >= ? AND m.held_at < ?
		ORDER BY m.held_at, m.id LIMIT ?`, append(args, from.UTC(), to.UTC(), meetingLimit)...)
	if err != nil {
		return nil, fmt.Errorf("feed meetings: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var id int64
		var kind, title, place, campaign string
		var at time.Time
		if err := rows.Scan(&id, &kind, &title, &at, &place, &campaign); err != nil {
			return nil, fmt.Errorf("scan meeting: %w", err)
		}
		sid := strconv.FormatInt(id, 10)
		out = append(out, Event{UID: "meeting-" + sid + "@tongchou", Summary: "【" + t("calfeed.kind."+kind) + "】" + title,
			Description: campaign, Location: place, Start: at, End: at.Add(meetingHours * time.Hour),
			URL: base + "/meetings/" + sid})
	}
	return out, rows.Err()
}
