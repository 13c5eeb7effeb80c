package survey

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// PublicSurvey is an open survey as the public portal lists it.
type PublicSurvey struct {
	Title string
	URL   string // the public form's path, /s/{slug}
}

// OpenSurveys lists the published surveys that take answers today, newest
// first, for the public portal.
func OpenSurveys(ctx context.Context, q store.Querier) ([]PublicSurvey, error) {
	return OpenSurveysOn(ctx, q, time.Now())
}

// OpenSurveysOn is OpenSurveys on the date of now (for an injected clock).
func OpenSurveysOn(ctx context.Context, q store.Querier, now time.Time) ([]PublicSurvey, error) {
	rows, err := q.Query(ctx, `SELECT title, slug FROM surveys WHERE state = ? AND (close_on = '' OR close_on >= ?)
		ORDER BY published_at DESC, id DESC`, Published, today(now))
	if err != nil {
		return nil, fmt.Errorf("open surveys: %w", err)
	}
	defer rows.Close()
	var out []PublicSurvey
	for rows.Next() {
		var p PublicSurvey
		var slug string
		if err := rows.Scan(&p.Title, &slug); err != nil {
			return nil, fmt.Errorf("open surveys: %w", err)
		}
		p.URL = "/s/" + slug
		out = append(out, p)
	}
	return out, rows.Err()
}
