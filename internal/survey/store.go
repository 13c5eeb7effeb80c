package survey

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Store keeps surveys and their responses.
type Store struct {
	db    *store.DB
	audit *audit.Log
	suite crypt.Suite
	now   func() time.Time
}

// New returns a Store.
func New(db *store.DB, log *audit.Log, suite crypt.Suite, now func() time.Time) *Store {
	return &Store{db: db, audit: log, suite: suite, now: now}
}

// ErrState is returned for an action the survey's state does not allow.
var ErrState = fmt.Errorf("survey state: %w", store.ErrConflict)

const surveyCols = `id, slug, title, intro, state, anonymous, close_on, ip_limit, COALESCE(campaign_id, 0),
	questions, created_at, published_at`

func scanSurvey(row interface{ Scan(...any) error }) (Survey, error) {
	var s Survey
	var qs string
	var published sql.NullTime
	err := row.Scan(&s.ID, &s.Slug, &s.Title, &s.Intro, &s.State, &s.Anonymous, &s.CloseOn, &s.IPLimit,
		&s.CampaignID, &qs, &s.CreatedAt, &published)
	if err != nil {
		return s, err
	}
	s.PublishedAt = published.Time
	if err := json.Unmarshal([]byte(qs), &s.Questions); err != nil {
		return s, fmt.Errorf("survey %d questions: %w", s.ID, err)
	}
	return s, nil
}

// Get returns survey id.
func (st *Store) Get(ctx context.Context, id int64) (Survey, error) {
	return st.get(ctx, st.db, id)
}

func (st *Store) get(ctx context.Context, q store.Querier, id int64) (Survey, error) {
	s, err := scanSurvey(q.QueryRow(ctx, `SELECT `+surveyCols+` FROM surveys WHERE id = ?`, id))
	return s, store.NotFound(err, "survey "+strconv.FormatInt(id, 10))
}

// BySlug returns the survey published at /s/slug; drafts are not found.
func (st *Store) BySlug(ctx context.Context, slug string) (Survey, error) {
	s, err := scanSurvey(st.db.QueryRow(ctx, `SELECT `+surveyCols+` FROM surveys WHERE slug = ? AND state <> ?`, slug, Draft))
	return s, store.NotFound(err, "survey "+slug)
}

// List returns every survey, newest first, with its number of responses.
func (st *Store) List(ctx context.Context) ([]Survey, error) {
	rows, err := st.db.Query(ctx, `SELECT `+surveyCols+`, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id)
		FROM surveys s ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list surveys: %w", err)
	}
	defer rows.Close()
	var out []Survey
	for rows.Next() {
		var s Survey
		var qs string
		var published sql.NullTime
		if err := rows.Scan(&s.ID, &s.Slug, &s.Title, &s.Intro, &s.State, &s.Anonymous, &s.CloseOn, &s.IPLimit,
			&s.CampaignID, &qs, &s.CreatedAt, &published, &s.Responses); err != nil {
			return nil, fmt.Errorf("list surveys: %w", err)
		}
		s.PublishedAt = published.Time
		if err := json.Unmarshal([]byte(qs), &s.Questions); err != nil {
			return nil, fmt.Errorf("survey %d questions: %w", s.ID, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Create adds a draft survey and returns its id.
func (st *Store) Create(ctx context.Context, m Meta) (int64, error) {
	if errs := m.validate(today(st.now())); len(errs) > 0 {
		return 0, errs
	}
	var id int64
	err := st.db.InTx(ctx, func(tx *store.Tx) error {
		if err := checkCampaign(ctx, tx, m.CampaignID); err != nil {
			return err
		}
		var err error
		id, err = store.InsertID(ctx, tx, `INSERT INTO surveys (slug, title, intro, state, anonymous, close_on, ip_limit,
			campaign_id, questions, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)`,
			newSlug(), m.Title, m.Intro, Draft, m.Anonymous, m.CloseOn, m.IPLimit, store.NullID(m.CampaignID),
			store.NullID(audit.ActorFrom(ctx).ID), st.now().UTC())
		if err != nil {
			return fmt.Errorf("create survey: %w", err)
		}
		return st.audit.Record(ctx, tx, audit.Entry{Entity: "survey", EntityID: strconv.FormatInt(id, 10), Action: "create", After: m})
	})
	return id, err
}

// checkCampaign refuses a campaign that does not exist (a form error, not a
// foreign-key failure).
func checkCampaign(ctx context.Context, q store.Querier, id int64) error {
	if id == 0 {
		return nil
	}
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM campaigns WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ui.Errors{"campaign": "survey.err.campaign"}
	}
	return err
}

// slugAlphabet leaves out look-alikes (0/o, 1/l/i) so a slug can be read
// off paper.
const slugAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// newSlug is 10 random characters: about 49 bits, not guessable by trying.
func newSlug() string {
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = slugAlphabet[int(b[i])%len(slugAlphabet)]
	}
	return string(b)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
