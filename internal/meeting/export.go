package meeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/task"
)

// LastMeeting returns the latest meeting of kind in campaign held strictly
// before before (any state), for other parts such as the briefing: "since the
// last meeting" and "the last meeting's decisions". No scope check: callers
// are office/leader features. store.ErrNotFound when there is none.
func LastMeeting(ctx context.Context, q store.Querier, campaign int64, kind string, before time.Time) (Meeting, error) {
	row := q.QueryRow(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE m.campaign_id = ? AND m.kind = ? AND m.held_at < ?
		ORDER BY m.held_at DESC, m.id DESC LIMIT 1`, campaign, kind, before.UTC())
	m, err := scanMeeting(row)
	if err := store.NotFound(err, "meeting"); err != nil {
		return Meeting{}, err
	}
	return m, nil
}

// Decisions lists the decisions of meeting in order, each with its linked
// task's state and deadline in force once published (TaskID 0 before). No
// scope check (see LastMeeting); Light is left empty.
func Decisions(ctx context.Context, q store.Querier, meeting int64) ([]Decision, error) {
	rows, err := q.Query(ctx, `SELECT d.id, d.meeting_id, d.seq, d.text, COALESCE(d.lead_unit_id, 0), COALESCE(u.name, ''),
		COALESCE(d.deadline, ''), COALESCE(d.task_id, 0), COALESCE(t.state, ''), COALESCE(t.deadline, '')
		FROM meeting_decisions d LEFT JOIN units u ON u.id = d.lead_unit_id LEFT JOIN tasks t ON t.id = d.task_id
		WHERE d.meeting_id = ? ORDER BY d.seq, d.id`, meeting)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	var out []Decision
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.ID, &d.MeetingID, &d.Seq, &d.Text, &d.LeadUnitID, &d.LeadUnitName, &d.Deadline,
			&d.TaskID, &d.TaskState, &d.TaskDeadline); err != nil {
			rows.Close()
			return nil, fmt.Errorf("decisions: %w", err)
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	for i := range out {
		if out[i].CoUnits, err = decisionCoUnits(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decisionCoUnits lists a decision's co-units by id.
func decisionCoUnits(ctx context.Context, q store.Querier, id int64) ([]task.UnitRef, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name FROM meeting_decision_co_units c JOIN units u ON u.id = c.unit_id
		WHERE c.decision_id = ? ORDER BY u.id`, id)
	if err != nil {
		return nil, fmt.Errorf("decision co-units: %w", err)
	}
	defer rows.Close()
	var out []task.UnitRef
	for rows.Next() {
		var u task.UnitRef
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, fmt.Errorf("decision co-units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

const meetingCols = `m.id, m.campaign_id, c.name, m.kind, m.title, m.held_at, m.place, COALESCE(m.chair_id, 0),
	COALESCE(ch.name, ''), m.agenda, m.statement_due, m.minutes, m.minutes_published_at, m.decisions_published_at,
	m.state, m.version, m.created_at, m.updated_at`

const meetingFrom = ` FROM meetings m JOIN campaigns c ON c.id = m.campaign_id LEFT JOIN users ch ON ch.id = m.chair_id`

type scanner interface{ Scan(...any) error }

// scanMeeting reads one row of meetingCols.
func scanMeeting(r scanner) (Meeting, error) {
	var m Meeting
	var due, minutes, decisions sql.NullTime
	err := r.Scan(&m.ID, &m.CampaignID, &m.CampaignName, &m.Kind, &m.Title, &m.HeldAt, &m.Place, &m.ChairID, &m.ChairName,
		&m.Agenda, &due, &m.Minutes, &minutes, &decisions, &m.State, &m.Version, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		return m, fmt.Errorf("scan meeting: %w", err)
	}
	m.StatementDue, m.MinutesPublishedAt, m.DecisionsPublishedAt = ptr(due), ptr(minutes), ptr(decisions)
	m.HeldAt = m.HeldAt.UTC()
	return m, nil
}

func ptr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
