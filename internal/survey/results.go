package survey

import (
	"context"
	"fmt"
	"strconv"
)

// Count is how often one answer was given.
type Count struct {
	Choice string
	Label  string
	N      int
	Pct    float64 // of the responses that answered the question
}

// MatrixRow is one matrix row's counts over the scale, and its mean.
type MatrixRow struct {
	Label  string
	Counts []Count
	Mean   float64
}

// NumStats summarises a number question.
type NumStats struct {
	N             int
	Min, Max, Avg float64
}

// TextAnswer is one free-text answer.
type TextAnswer struct {
	Response int64
	Text     string
}

// QuestionResult is one question's tally.
type QuestionResult struct {
	Q        Question
	Answered int
	Counts   []Count
	Matrix   []MatrixRow
	Num      NumStats
	Texts    []TextAnswer
}

// Results is a survey's tally.
type Results struct {
	Total     int
	Questions []QuestionResult
}

// maxTexts is how many free-text answers a question lists (newest first).
const maxTexts = 200

// choices lists a choice question's answer values in display order with
// their labels (a village question's from the region tree).
func choices(q Question, places []Place) ([]string, map[string]string) {
	if q.Type == Village {
		var keys []string
		for _, p := range places {
			keys = append(keys, strconv.FormatInt(p.ID, 10))
		}
		return keys, villageLabels(places)
	}
	labels := map[string]string{}
	var keys []string
	for i, l := range q.ChoiceLabels() {
		k := strconv.Itoa(i + 1)
		keys, labels[k] = append(keys, k), l
	}
	if q.Type == Matrix {
		for _, v := range q.ScaleValues() {
			k := strconv.Itoa(v)
			keys, labels[k] = append(keys, k), k
		}
	}
	return keys, labels
}

// Tally counts every question's answers.
func (st *Store) Tally(ctx context.Context, s Survey, places []Place) (Results, error) {
	var res Results
	if err := st.db.QueryRow(ctx, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ?`, s.ID).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("count responses: %w", err)
	}
	answered, err := st.answered(ctx, s.ID)
	if err != nil {
		return res, err
	}
	counts, err := st.counts(ctx, s.ID)
	if err != nil {
		return res, err
	}
	nums, err := st.numbers(ctx, s.ID)
	if err != nil {
		return res, err
	}
	for _, q := range s.Questions {
		qr := QuestionResult{Q: q, Answered: answered[q.Key], Num: nums[q.Key]}
		keys, labels := choices(q, places)
		switch {
		case q.Type == Matrix:
			for i, row := range q.Rows {
				qr.Matrix = append(qr.Matrix, matrixRow(row, keys, labels, counts[q.Key][strconv.Itoa(i+1)], qr.Answered))
			}
		case q.Type.IsChoice():
			qr.Counts = countList(keys, labels, counts[q.Key][""], qr.Answered, q.Type == Village)
		case q.Type.IsText():
			if qr.Texts, err = st.texts(ctx, s.ID, q.Key); err != nil {
				return res, err
			}
		}
		res.Questions = append(res.Questions, qr)
	}
	return res, nil
}

// countList turns counts into a list in display order; a village question
// lists only the places that were named.
func countList(keys []string, labels map[string]string, n map[string]int, answered int, skipZero bool) []Count {
	var out []Count
	for _, k := range keys {
		if skipZero && n[k] == 0 {
			continue
		}
		c := Count{Choice: k, Label: labels[k], N: n[k]}
		if answered > 0 {
			c.Pct = float64(n[k]) * 100 / float64(answered)
		}
		out = append(out, c)
	}
	return out
}

func matrixRow(label string, keys []string, labels map[string]string, n map[string]int, answered int) MatrixRow {
	row := MatrixRow{Label: label, Counts: countList(keys, labels, n, answered, false)}
	total, sum := 0, 0
	for _, c := range row.Counts {
		v, _ := strconv.Atoi(c.Choice)
		total, sum = total+c.N, sum+v*c.N
	}
	if total > 0 {
		row.Mean = float64(sum) / float64(total)
	}
	return row
}

// answered counts the responses that answered each question.
func (st *Store) answered(ctx context.Context, id int64) (map[string]int, error) {
	rows, err := st.db.Query(ctx, `SELECT question, COUNT(DISTINCT response_id) FROM survey_answers WHERE survey_id = ? GROUP BY question`, id)
	if err != nil {
		return nil, fmt.Errorf("answered: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var q string
		var n int
		if err := rows.Scan(&q, &n); err != nil {
			return nil, fmt.Errorf("answered: %w", err)
		}
		out[q] = n
	}
	return out, rows.Err()
}

// counts is question → item → choice → count.
func (st *Store) counts(ctx context.Context, id int64) (map[string]map[string]map[string]int, error) {
	rows, err := st.db.Query(ctx, `SELECT question, item, choice, COUNT(*) FROM survey_answers
		WHERE survey_id = ? AND choice <> '' GROUP BY question, item, choice`, id)
	if err != nil {
		return nil, fmt.Errorf("counts: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]map[string]int{}
	for rows.Next() {
		var q, item, choice string
		var n int
		if err := rows.Scan(&q, &item, &choice, &n); err != nil {
			return nil, fmt.Errorf("counts: %w", err)
		}
		if out[q] == nil {
			out[q] = map[string]map[string]int{}
		}
		if out[q][item] == nil {
			out[q][item] = map[string]int{}
		}
		out[q][item][choice] = n
	}
	return out, rows.Err()
}

func (st *Store) numbers(ctx context.Context, id int64) (map[string]NumStats, error) {
	rows, err := st.db.Query(ctx, `SELECT question, COUNT(num), MIN(num), MAX(num), AVG(num) FROM survey_answers
		WHERE survey_id = ? AND num IS NOT NULL GROUP BY question`, id)
	if err != nil {
		return nil, fmt.Errorf("numbers: %w", err)
	}
	defer rows.Close()
	out := map[string]NumStats{}
	for rows.Next() {
		var q string
		var s NumStats
		if err := rows.Scan(&q, &s.N, &s.Min, &s.Max, &s.Avg); err != nil {
			return nil, fmt.Errorf("numbers: %w", err)
		}
		out[q] = s
	}
	return out, rows.Err()
}

func (st *Store) texts(ctx context.Context, id int64, key string) ([]TextAnswer, error) {
	rows, err := st.db.Query(ctx, `SELECT response_id, text FROM survey_answers WHERE survey_id = ? AND question = ? AND text <> ''
		ORDER BY response_id DESC LIMIT ?`, id, key, maxTexts)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	defer rows.Close()
	var out []TextAnswer
	for rows.Next() {
		var t TextAnswer
		if err := rows.Scan(&t.Response, &t.Text); err != nil {
			return nil, fmt.Errorf("texts: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// today is the store clock's date in Asia/Shanghai.
func (st *Store) today() string { return today(st.now()) }
