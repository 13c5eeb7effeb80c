package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// change loads survey id in a transaction, lets fn change it, validates and
// stores the result with one audit entry.
func (st *Store) change(ctx context.Context, id int64, action string, fn func(s *Survey) error) error {
	return st.db.InTx(ctx, func(tx *store.Tx) error {
		s, err := st.get(ctx, tx, id)
		if err != nil {
			return err
		}
		before := s
		before.Questions = append([]Question(nil), s.Questions...)
		if err := fn(&s); err != nil {
			return err
		}
		if errs := ValidateQuestions(s.Questions); len(errs) > 0 {
			return errs
		}
		qs, err := json.Marshal(s.Questions)
		if err != nil {
			return fmt.Errorf("encode questions: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE surveys SET title = ?, intro = ?, anonymous = ?, close_on = ?, ip_limit = ?,
			campaign_id = ?, questions = ?, state = ?, published_at = ?, closed_at = ? WHERE id = ?`,
			s.Title, s.Intro, s.Anonymous, s.CloseOn, s.IPLimit, store.NullID(s.CampaignID), string(qs), s.State,
			nullTime(s.PublishedAt), closedAt(s, st), id); err != nil {
			return fmt.Errorf("update survey %d: %w", id, err)
		}
		return st.audit.Record(ctx, tx, audit.Entry{Entity: "survey", EntityID: strconv.FormatInt(id, 10),
			Action: action, Before: auditView(before), After: auditView(s)})
	})
}

// auditView is what the log keeps of a survey (no answers, nothing personal).
func auditView(s Survey) any {
	return map[string]any{"title": s.Title, "state": s.State, "anonymous": s.Anonymous, "close_on": s.CloseOn,
		"ip_limit": s.IPLimit, "campaign": s.CampaignID, "questions": s.Questions}
}

func closedAt(s Survey, st *Store) any {
	if s.State == Closed {
		return st.now().UTC()
	}
	return nil
}

// UpdateMeta changes title, intro, anonymity, close date, the per-address cap
// and the campaign; anonymity only while a draft (respondents were told).
func (st *Store) UpdateMeta(ctx context.Context, id int64, m Meta) error {
	if errs := m.validate(today(st.now())); len(errs) > 0 {
		return errs
	}
	return st.change(ctx, id, "update", func(s *Survey) error {
		if s.State == Closed {
			return ErrState
		}
		if !s.Editable() && m.Anonymous != s.Anonymous {
			return ui.Errors{"anonymous": "survey.err.anonymous_fixed"}
		}
		if err := checkCampaign(ctx, st.db, m.CampaignID); err != nil {
			return err
		}
		s.Title, s.Intro, s.Anonymous, s.CloseOn, s.IPLimit, s.CampaignID = m.Title, m.Intro, m.Anonymous, m.CloseOn, m.IPLimit, m.CampaignID
		return nil
	})
}

// SaveQuestion adds q (Key "") at the end or replaces the question with its
// key, in a draft. It returns the question's key.
func (st *Store) SaveQuestion(ctx context.Context, id int64, q Question) (string, error) {
	q.normalize()
	errs := ui.Errors{}
	q.validate(errs)
	if len(errs) > 0 {
		return "", errs
	}
	err := st.change(ctx, id, "question.save", func(s *Survey) error {
		if !s.Editable() {
			return ErrState
		}
		if q.Key == "" {
			q.Key = nextKey(s.Questions)
			s.Questions = append(s.Questions, q)
			return nil
		}
		_, i, ok := find(s.Questions, q.Key)
		if !ok {
			return fmt.Errorf("question %s: %w", q.Key, store.ErrNotFound)
		}
		s.Questions[i] = q
		return nil
	})
	return q.Key, err
}

// DeleteQuestion removes a question from a draft, with the skip rules that
// pointed at it.
func (st *Store) DeleteQuestion(ctx context.Context, id int64, key string) error {
	return st.change(ctx, id, "question.delete", func(s *Survey) error {
		if !s.Editable() {
			return ErrState
		}
		_, i, ok := find(s.Questions, key)
		if !ok {
			return fmt.Errorf("question %s: %w", key, store.ErrNotFound)
		}
		s.Questions = append(s.Questions[:i:i], s.Questions[i+1:]...)
		for j := range s.Questions {
			if r := s.Questions[j].ShowIf; r != nil && r.Question == key {
				s.Questions[j].ShowIf = nil
			}
		}
		return nil
	})
}

// MoveQuestion moves a question one place up or down in a draft; a move that
// would put a question before the one its skip rule reads is refused.
func (st *Store) MoveQuestion(ctx context.Context, id int64, key string, up bool) error {
	return st.change(ctx, id, "question.move", func(s *Survey) error {
		if !s.Editable() {
			return ErrState
		}
		_, i, ok := find(s.Questions, key)
		if !ok {
			return fmt.Errorf("question %s: %w", key, store.ErrNotFound)
		}
		j := i + 1
		if up {
			j = i - 1
		}
		if j < 0 || j >= len(s.Questions) {
			return nil
		}
		s.Questions[i], s.Questions[j] = s.Questions[j], s.Questions[i]
		return nil
	})
}

// Publish opens a draft with at least one question to answers.
func (st *Store) Publish(ctx context.Context, id int64) error {
	return st.change(ctx, id, "publish", func(s *Survey) error {
		if s.State != Draft {
			return ErrState
		}
		if len(s.Questions) == 0 {
			return ui.Errors{"questions": "survey.err.no_questions"}
		}
		s.State, s.PublishedAt = Published, st.now().UTC()
		return nil
	})
}

// Close stops a published survey taking answers.
func (st *Store) Close(ctx context.Context, id int64) error {
	return st.change(ctx, id, "close", func(s *Survey) error {
		if s.State != Published {
			return ErrState
		}
		s.State = Closed
		return nil
	})
}
