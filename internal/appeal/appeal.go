package appeal

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Appeal is one appeal as staff see it. Name and Phone hold the masks; the
// sealed values are opened only by Reveal.
type Appeal struct {
	ID              int64
	Code            string
	CategoryID      int64
	Category        string
	CategoryEn      string
	Class           string
	RegionID        int64
	Village         string
	Address         string
	Description     string
	NameMask        string
	PhoneMask       string
	PhoneHash       string
	Source          string
	State           State
	UnitID          int64
	Unit            string
	HandlerID       int64
	ReceivedAt      time.Time
	DueAt           time.Time
	ExtendedDueAt   *time.Time
	AnsweredAt      *time.Time
	ClosedAt        *time.Time
	CallbackDueAt   *time.Time
	Answer          string
	Solved          *bool
	Reopened        int
	RatingFirst     string
	RatingFinal     string
	TaskID          int64
	ExtRequestedDue *time.Time
	ExtReason       string
	Version         int
	hasName         bool
	hasPhone        bool
}

// Overdue reports whether the appeal is still open past its limit at now.
func (a Appeal) Overdue(now time.Time) bool { return a.State.Open() && now.After(a.DueAt) }

// HasPhone reports whether the citizen left a phone number.
func (a Appeal) HasPhone() bool { return a.hasPhone }

const appealCols = `a.id, a.code, a.category_id, c.name, c.name_en, a.class, COALESCE(a.region_id, 0), COALESCE(r.name, ''),
	a.address, a.description, a.name_mask, a.phone_mask, a.phone_hash, a.source, a.state, COALESCE(a.unit_id, 0),
	COALESCE(u.name, ''), COALESCE(a.handler_id, 0), a.received_at, a.due_at, a.extended_due_at, a.answered_at,
	a.closed_at, a.callback_due_at, a.answer_text, a.solved, a.reopened, a.rating_first, a.rating_final,
	COALESCE(a.task_id, 0), a.ext_requested_due, a.ext_reason, a.version, a.name_enc IS NOT NULL, a.phone_enc IS NOT NULL`

const appealFrom = ` FROM appeals a JOIN appeal_categories c ON c.id = a.category_id
	LEFT JOIN regions r ON r.id = a.region_id LEFT JOIN units u ON u.id = a.unit_id`

func scanAppeal(sc interface{ Scan(...any) error }) (Appeal, error) {
	var a Appeal
	var ext, ans, closed, cb, extReq sql.NullTime
	var solved sql.NullBool
	err := sc.Scan(&a.ID, &a.Code, &a.CategoryID, &a.Category, &a.CategoryEn, &a.Class, &a.RegionID, &a.Village,
		&a.Address, &a.Description, &a.NameMask, &a.PhoneMask, &a.PhoneHash, &a.Source, &a.State, &a.UnitID,
		&a.Unit, &a.HandlerID, &a.ReceivedAt, &a.DueAt, &ext, &ans, &closed, &cb, &a.Answer, &solved, &a.Reopened,
		&a.RatingFirst, &a.RatingFinal, &a.TaskID, &extReq, &a.ExtReason, &a.Version, &a.hasName, &a.hasPhone)
	if err != nil {
		return a, err
	}
	a.ExtendedDueAt, a.AnsweredAt, a.ClosedAt, a.CallbackDueAt, a.ExtRequestedDue =
		timePtr(ext), timePtr(ans), timePtr(closed), timePtr(cb), timePtr(extReq)
	if solved.Valid {
		b := solved.Bool
		a.Solved = &b
	}
	return a, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// byID reads an appeal without a scope check.
func byID(ctx context.Context, q store.Querier, id int64) (Appeal, error) {
	a, err := scanAppeal(q.QueryRow(ctx, `SELECT `+appealCols+appealFrom+` WHERE a.id = ?`, id))
	return a, store.NotFound(err, "appeal")
}

// Get reads appeal id as p may see it: the office and leaders see every
// appeal, a unit only those dispatched to it (now or before) or that it
// co-handles; another's answers store.ErrNotFound.
func (s *Store) Get(ctx context.Context, p *auth.Principal, id int64) (Appeal, error) {
	a, err := byID(ctx, s.db, id)
	if err != nil {
		return a, err
	}
	if err := s.inScope(ctx, s.db, p, &a); err != nil {
		return Appeal{}, err
	}
	return a, nil
}

func (s *Store) inScope(ctx context.Context, q store.Querier, p *auth.Principal, a *Appeal) error {
	if p == nil || !p.HasBusinessRole() {
		return fmt.Errorf("appeal %d: %w", a.ID, store.ErrNotFound)
	}
	if p.SeesAllUnits() || slices.Contains(p.Units, a.UnitID) {
		return nil
	}
	if len(p.Units) == 0 {
		return fmt.Errorf("appeal %d: %w", a.ID, store.ErrNotFound)
	}
	in, args := unitsIn(p.Units)
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM appeal_dispatches WHERE appeal_id = ? AND unit_id IN `+in,
		append([]any{a.ID}, args...)...).Scan(&n)
	if err != nil {
		return fmt.Errorf("appeal scope: %w", err)
	}
	if n == 0 {
		err = q.QueryRow(ctx, `SELECT COUNT(*) FROM appeal_co_units WHERE appeal_id = ? AND unit_id IN `+in,
			append([]any{a.ID}, args...)...).Scan(&n)
		if err != nil {
			return fmt.Errorf("appeal scope: %w", err)
		}
	}
	if n == 0 {
		return fmt.Errorf("appeal %d: %w", a.ID, store.ErrNotFound)
	}
	return nil
}

// unitsIn returns "(?, ?, …)" and its arguments.
func unitsIn(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

// Event is one line of an appeal's timeline.
type Event struct {
	At        time.Time
	Actor     string
	Action    string
	FromState State
	ToState   State
	Unit      string
	Comment   string
}

// Timeline lists the appeal's events, oldest first (scope checked by Get).
func (s *Store) Timeline(ctx context.Context, id int64) ([]Event, error) {
	rows, err := s.db.Query(ctx, `SELECT e.at, COALESCE(us.name, ''), e.action, e.from_state, e.to_state,
		COALESCE(un.name, ''), e.comment FROM appeal_events e LEFT JOIN users us ON us.id = e.actor_id
		LEFT JOIN units un ON un.id = e.unit_id WHERE e.appeal_id = ? ORDER BY e.at, e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("appeal timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.FromState, &e.ToState, &e.Unit, &e.Comment); err != nil {
			return nil, fmt.Errorf("scan appeal event: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
