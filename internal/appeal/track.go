package appeal

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// Public is what the tracking page may show of an appeal: no name, phone,
// address, photo or handler.
type Public struct {
	Code        string
	State       State
	Category    string
	CategoryEn  string
	Village     string // the region's name; "" while the office has not placed it
	Unit        string // the handling unit's name, once dispatched
	ReceivedAt  time.Time
	DueAt       time.Time
	Extended    bool       // the due date was extended (DueAt is the new one)
	AnsweredAt  *time.Time // set once the office approved the answer
	ClosedAt    *time.Time
	Answer      string // the approved answer (办理结果)
	Solved      *bool
	Reopened    bool
	RatingFirst string
	RatingFinal string
	CanRate     bool // the citizen may rate now (RateByCode)
}

// Track returns the public view of the appeal with code (typed loosely: see
// NormaliseCode). An unknown or malformed code is store.ErrNotFound.
func (s *Store) Track(ctx context.Context, code string) (Public, error) {
	c, ok := NormaliseCode(code)
	if !ok {
		return Public{}, fmt.Errorf("appeal code: %w", store.ErrNotFound)
	}
	var p Public
	var village, unit sql.NullString
	var ext, answered, closed sql.NullTime
	var solved sql.NullBool
	var reopened int
	var answer string
	err := s.db.QueryRow(ctx, `SELECT a.code, a.state, c.name, c.name_en, r.name, u.name, a.received_at, a.due_at,
		a.extended_due_at, a.answered_at, a.closed_at, a.answer_text, a.solved, a.reopened, a.rating_first, a.rating_final
		FROM appeals a JOIN appeal_categories c ON c.id = a.category_id
		LEFT JOIN regions r ON r.id = a.region_id LEFT JOIN units u ON u.id = a.unit_id
		WHERE a.code = ?`, c).Scan(&p.Code, &p.State, &p.Category, &p.CategoryEn, &village, &unit, &p.ReceivedAt,
		&p.DueAt, &ext, &answered, &closed, &answer, &solved, &reopened, &p.RatingFirst, &p.RatingFinal)
	if err != nil {
		return Public{}, store.NotFound(err, "appeal")
	}
	p.Village, p.Unit, p.Extended, p.Reopened = village.String, unit.String, ext.Valid, reopened > 0
	// The answer is public only once the office approved it.
	if p.State == StateRating || p.State == StateClosed {
		p.Answer = answer
		if answered.Valid {
			t := answered.Time
			p.AnsweredAt = &t
		}
		if solved.Valid {
			b := solved.Bool
			p.Solved = &b
		}
	}
	if closed.Valid {
		t := closed.Time
		p.ClosedAt = &t
	}
	p.CanRate = p.State == StateRating
	return p, nil
}
