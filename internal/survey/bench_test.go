package survey_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/survey"
)

// benchSurvey seeds a published survey with n responses on SQLite (concern
// by i%4, village by i%2, a matrix of two rows) and returns it.
func benchSurvey(b *testing.B, n int) (*survey.Store, *store.DB, survey.Survey, []survey.Place) {
	b.Helper()
	db := storetest.SQLite(b)
	suite, _ := crypt.New("std", crypt.GenerateKeys())
	st := survey.New(db, nil, suite, time.Now)
	ctx := context.Background()
	s := survey.Survey{Title: "bench", Anonymous: true, Questions: []survey.Question{
		{Key: "q1", Type: survey.Single, Title: "最关心", Options: []string{"就业", "住房", "教育", "医疗"}},
		{Key: "q2", Type: survey.Village, Title: "村"},
		{Key: "q3", Type: survey.Matrix, Title: "评价", Rows: []string{"学校", "医院"}, Scale: 5},
	}}
	var places []survey.Place
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, name := range []string{"甲村", "乙村"} {
			id, err := store.InsertID(ctx, tx, `INSERT INTO regions (level, name, created_at) VALUES ('village', ?, ?)`, name, time.Now().UTC())
			if err != nil {
				return err
			}
			places = append(places, survey.Place{ID: id, Name: name})
		}
		id, _, err := survey.SeedPublished(ctx, tx, s, time.Now())
		if err != nil {
			return err
		}
		s.ID = id
		rs := make([]survey.Seeded, n)
		for i := range rs {
			rs[i] = survey.Seeded{At: time.Now(), Answers: []survey.Answer{
				{Question: "q1", Choice: strconv.Itoa(i%4 + 1)}, {Question: "q2", Choice: strconv.FormatInt(places[i%2].ID, 10)},
				{Question: "q3", Item: "1", Choice: strconv.Itoa(i%5 + 1)}, {Question: "q3", Item: "2", Choice: "3"}}}
		}
		return survey.SeedResponses(ctx, tx, suite, id, rs)
	})
	if err != nil {
		b.Fatal(err)
	}
	return st, db, s, places
}

// BenchmarkTally10k is the results page's tally over 10,000 responses.
func BenchmarkTally10k(b *testing.B) {
	st, _, s, places := benchSurvey(b, 10000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := st.Tally(ctx, s, places); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCrossTab10k is the cross-tab of concern by village over 10,000 responses.
func BenchmarkCrossTab10k(b *testing.B) {
	st, _, s, places := benchSurvey(b, 10000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := st.CrossTab(ctx, s, places, "q1", "q2"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport10k builds the export table of 10,000 responses and writes it as CSV.
func BenchmarkExport10k(b *testing.B) {
	st, _, s, places := benchSurvey(b, 10000)
	ctx := context.Background()
	for b.Loop() {
		t, err := st.Export(ctx, s, places, survey.Fixed{ID: "id", Time: "t"})
		if err != nil {
			b.Fatal(err)
		}
		if err := t.WriteCSV(discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
