package survey

import (
	"context"
	"fmt"

	"tongchou/internal/store"
)

// CrossRow is one value of the "by" question: how many of its respondents
// gave each answer to the question, and how many answered it at all.
type CrossRow struct {
	Label string
	Cells []int
	Total int
}

// CrossTab counts the answers to Q among the respondents of each answer to By.
// A multiple-choice Q can count a respondent in several cells of a row.
type CrossTab struct {
	Q, By Question
	Cols  []string
	Rows  []CrossRow
}

// CanCrossTab reports whether a question can be a side of a cross-tab.
func CanCrossTab(q Question) bool { return q.Type.IsChoice() }

// CrossTab tabulates question qKey by question byKey (both choice questions,
// byKey typically the village question). Rows without respondents are left out.
func (st *Store) CrossTab(ctx context.Context, s Survey, places []Place, qKey, byKey string) (CrossTab, error) {
	q, okQ := s.Question(qKey)
	by, okBy := s.Question(byKey)
	if !okQ || !okBy || qKey == byKey || !CanCrossTab(q) || !CanCrossTab(by) {
		return CrossTab{}, fmt.Errorf("cross-tab %s by %s: %w", qKey, byKey, store.ErrNotFound)
	}
	cells, err := st.pairs(ctx, s.ID, qKey, byKey)
	if err != nil {
		return CrossTab{}, err
	}
	totals, err := st.rowTotals(ctx, s.ID, qKey, byKey)
	if err != nil {
		return CrossTab{}, err
	}
	ct := CrossTab{Q: q, By: by}
	cols, colLabels := choices(q, places)
	if q.Type == Village {
		cols = usedKeys(cols, cells)
	}
	for _, c := range cols {
		ct.Cols = append(ct.Cols, colLabels[c])
	}
	rows, rowLabels := choices(by, places)
	for _, r := range rows {
		if totals[r] == 0 {
			continue
		}
		row := CrossRow{Label: rowLabels[r], Total: totals[r]}
		for _, c := range cols {
			row.Cells = append(row.Cells, cells[r][c])
		}
		ct.Rows = append(ct.Rows, row)
	}
	return ct, nil
}

// usedKeys keeps the columns some row has a count in (a village column list
// would otherwise hold every village of the district).
func usedKeys(keys []string, cells map[string]map[string]int) []string {
	var out []string
	for _, k := range keys {
		for _, row := range cells {
			if row[k] > 0 {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// pairs is by-answer → q-answer → respondents.
func (st *Store) pairs(ctx context.Context, id int64, qKey, byKey string) (map[string]map[string]int, error) {
	rows, err := st.db.Query(ctx, `SELECT b.choice, a.choice, COUNT(DISTINCT a.response_id)
		FROM survey_answers a JOIN survey_answers b ON b.response_id = a.response_id AND b.question = ? AND b.item = ''
		WHERE a.survey_id = ? AND a.question = ? AND a.item = '' GROUP BY b.choice, a.choice`, byKey, id, qKey)
	if err != nil {
		return nil, fmt.Errorf("cross-tab: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var r, c string
		var n int
		if err := rows.Scan(&r, &c, &n); err != nil {
			return nil, fmt.Errorf("cross-tab: %w", err)
		}
		if out[r] == nil {
			out[r] = map[string]int{}
		}
		out[r][c] = n
	}
	return out, rows.Err()
}

// rowTotals is by-answer → respondents who also answered q.
func (st *Store) rowTotals(ctx context.Context, id int64, qKey, byKey string) (map[string]int, error) {
	rows, err := st.db.Query(ctx, `SELECT b.choice, COUNT(DISTINCT a.response_id)
		FROM survey_answers a JOIN survey_answers b ON b.response_id = a.response_id AND b.question = ? AND b.item = ''
		WHERE a.survey_id = ? AND a.question = ? AND a.item = '' GROUP BY b.choice`, byKey, id, qKey)
	if err != nil {
		return nil, fmt.Errorf("cross-tab totals: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, fmt.Errorf("cross-tab totals: %w", err)
		}
		out[r] = n
	}
	return out, rows.Err()
}
