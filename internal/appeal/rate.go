package appeal

import (
	"context"
	"fmt"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// ValidRating reports whether r is one of the three ratings.
func ValidRating(r string) bool {
	return r == RatingSatisfied || r == RatingBasic || r == RatingUnsatisfied
}

// RateByCode records the citizen's rating from the tracking page. The appeal
// must be waiting for its rating; 不满意 needs a reason and, the first time,
// reopens the appeal to the same unit (重办); otherwise it closes.
func (s *Store) RateByCode(ctx context.Context, code, rating, reason string) error {
	c, ok := NormaliseCode(code)
	if !ok {
		return fmt.Errorf("appeal code: %w", store.ErrNotFound)
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM appeals WHERE code = ?`, c).Scan(&id); err != nil {
			return store.NotFound(err, "appeal")
		}
		a, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.State != StateRating {
			return fmt.Errorf("rate from %s: %w", a.State, ErrInvalidState)
		}
		reason = strings.TrimSpace(reason)
		if err := checkReason("", reason); err != nil {
			return err
		}
		return s.rate(ctx, tx, nil, &a, rating, reason, ViaTracker)
	})
}

// rate stores a rating of the current round and moves the appeal: the first
// 不满意 reopens it (重办) with a fresh limit from now, anything else closes it.
// The first round's rating is kept in rating_first; rating_final is the one
// the appeal closed with.
func (s *Store) rate(ctx context.Context, tx *store.Tx, p *auth.Principal, a *Appeal, rating, reason, via string) error {
	if !ValidRating(rating) {
		return ui.Errors{"rating": "appeal.err.rating"}
	}
	if rating == RatingUnsatisfied && reason == "" {
		return ui.Errors{"reason": "appeal.err.reason_required"}
	}
	now := s.now().UTC()
	round := a.Reopened + 1
	if _, err := tx.Exec(ctx, `INSERT INTO appeal_ratings (appeal_id, round, rating, reason, via, at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ID, round, rating, reason, via, now); err != nil {
		return fmt.Errorf("insert rating: %w", err)
	}
	var set []string
	var args []any
	if round == 1 {
		set, args = append(set, "rating_first = ?"), append(args, rating)
	}
	if rating == RatingUnsatisfied && a.Reopened == 0 {
		due, err := s.dueFor(ctx, tx, a.Class, a.CategoryID, now)
		if err != nil {
			return err
		}
		set = append(set, "reopened = 1", "due_at = ?", "extended_due_at = NULL", "answered_at = NULL",
			"callback_due_at = NULL", "solved = NULL")
		args = append(args, due)
		return s.move(ctx, tx, p, a, "reopen", StateSigned, a.UnitID, reason, set, args, now)
	}
	set = append(set, "rating_final = ?", "closed_at = ?")
	args = append(args, rating, now)
	return s.move(ctx, tx, p, a, "rate_"+rating, StateClosed, a.UnitID, reason, set, args, now)
}
