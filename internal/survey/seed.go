package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"tongchou/internal/crypt"
	"tongchou/internal/store"
)

// Seeded is a response loaded in bulk (demo data, benchmarks).
type Seeded struct {
	At      time.Time
	Answers []Answer
}

// SeedPublished inserts a published survey with its questions inside the
// caller's transaction (no audit entry: the caller records the load) and
// returns its id and slug.
func SeedPublished(ctx context.Context, tx *store.Tx, s Survey, at time.Time) (int64, string, error) {
	if errs := ValidateQuestions(s.Questions); len(errs) > 0 {
		return 0, "", errs
	}
	qs, err := json.Marshal(s.Questions)
	if err != nil {
		return 0, "", err
	}
	slug := newSlug()
	id, err := store.InsertID(ctx, tx, `INSERT INTO surveys (slug, title, intro, state, anonymous, close_on, ip_limit,
		campaign_id, questions, created_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		slug, s.Title, s.Intro, Published, s.Anonymous, s.CloseOn, s.IPLimit, store.NullID(s.CampaignID), string(qs), at.UTC(), at.UTC())
	if err != nil {
		return 0, "", fmt.Errorf("seed survey: %w", err)
	}
	return id, slug, nil
}

// SeedResponses inserts responses in bulk; each gets a device hash of its own
// so none collides with a real browser's.
func SeedResponses(ctx context.Context, tx *store.Tx, suite crypt.Suite, surveyID int64, rs []Seeded) error {
	ipHash := suite.MAC([]byte("survey-ip:seed"))
	for i, r := range rs {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO survey_responses (survey_id, device_hash, ip_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			surveyID, suite.MAC(fmt.Appendf(nil, "survey-seed:%d:%d", surveyID, i)), ipHash, r.At.UTC()).Scan(&id)
		if err != nil {
			return fmt.Errorf("seed response: %w", err)
		}
		if err := insertAnswers(ctx, tx, surveyID, id, r.Answers); err != nil {
			return err
		}
	}
	return nil
}
