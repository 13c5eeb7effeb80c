package survey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// Why a response is refused.
var (
	ErrClosed    = errors.New("survey closed")
	ErrDuplicate = errors.New("device already answered")
	ErrTooMany   = errors.New("too many responses from this address")
)

// Response is one submission as the public form gives it.
type Response struct {
	Device  string // the browser's cookie token
	IP      string
	Name    string // a named survey's respondent
	Answers []Answer
}

// Submit stores a response: refused when the survey is not open, when the
// device has answered already, or when the address reached the survey's
// daily cap. The cookie token and address are kept only as keyed hashes.
func (st *Store) Submit(ctx context.Context, surveyID int64, r Response) (int64, error) {
	now := st.now().UTC()
	var id int64
	err := st.db.InTx(ctx, func(tx *store.Tx) error {
		s, err := st.get(ctx, tx, surveyID)
		if err != nil {
			return err
		}
		if !s.Open(today(now)) {
			return ErrClosed
		}
		ipHash := st.suite.MAC([]byte("survey-ip:" + r.IP))
		if s.IPLimit > 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ? AND ip_hash = ? AND created_at > ?`,
				s.ID, ipHash, now.Add(-24*time.Hour)).Scan(&n); err != nil {
				return fmt.Errorf("count responses: %w", err)
			}
			if n >= s.IPLimit {
				return ErrTooMany
			}
		}
		nameEnc, nameMask := "", ""
		if !s.Anonymous && r.Name != "" {
			if nameEnc, err = st.suite.Seal([]byte(r.Name)); err != nil {
				return fmt.Errorf("seal name: %w", err)
			}
			nameMask = audit.MaskName(r.Name)
		}
		err = tx.QueryRow(ctx, `INSERT INTO survey_responses (survey_id, device_hash, ip_hash, name_enc, name_mask, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (survey_id, device_hash) DO NOTHING RETURNING id`,
			s.ID, st.suite.MAC([]byte("survey-device:"+r.Device)), ipHash, nameEnc, nameMask, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("insert response: %w", err)
		}
		if err := insertAnswers(ctx, tx, s.ID, id, r.Answers); err != nil {
			return err
		}
		return st.audit.Record(ctx, tx, audit.Entry{Entity: "survey_response", EntityID: strconv.FormatInt(id, 10),
			Action: "submit", After: map[string]any{"survey": s.ID, "answers": len(r.Answers), "name": nameMask}})
	})
	return id, err
}

// insertAnswers writes a response's answers in statements of up to 100 rows.
func insertAnswers(ctx context.Context, q store.Querier, surveyID, responseID int64, as []Answer) error {
	for len(as) > 0 {
		n := min(len(as), 100)
		var b strings.Builder
		b.WriteString(`INSERT INTO survey_answers (response_id, survey_id, question, item, choice, num, text) VALUES `)
		args := make([]any, 0, n*7)
		for i, a := range as[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, responseID, surveyID, a.Question, a.Item, a.Choice, a.Num, a.Text)
		}
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert answers: %w", err)
		}
		as = as[n:]
	}
	return nil
}
