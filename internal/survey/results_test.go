package survey_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/survey"
)

// addVillages puts two villages in the region tree and returns their ids.
func addVillages(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	var ids []int64
	for _, n := range []string{"石桥村", "柳湾村"} {
		var id int64
		err := db.InTx(context.Background(), func(tx *store.Tx) (err error) {
			id, err = store.InsertID(context.Background(), tx, `INSERT INTO regions (level, name, created_at) VALUES ('village', ?, ?)`, n, time.Now().UTC())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestTallyCrossTabExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st, c := newStore(t, db)
		ctx := context.Background()
		vs := addVillages(t, db)
		id, err := st.Create(ctx, survey.Meta{Title: "民生调查", Anonymous: true, IPLimit: 0})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []survey.Question{
			{Type: survey.Single, Title: "最关心", Required: true, Options: []string{"就业", "住房", "教育", "医疗"}},
			{Type: survey.Village, Title: "所在村"},
			{Type: survey.Multi, Title: "就业方面", Options: []string{"岗位", "培训"}, ShowIf: &survey.ShowRule{Question: "q1", Option: 1}},
			{Type: survey.Long, Title: "建议"},
			{Type: survey.Matrix, Title: "评价", Rows: []string{"学校", "医院"}, Scale: 5},
			{Type: survey.Number, Title: "人数"},
		} {
			if _, err := st.SaveQuestion(ctx, id, q); err != nil {
				t.Fatalf("question %s: %v", q.Title, err)
			}
		}
		if err := st.Publish(ctx, id); err != nil {
			t.Fatal(err)
		}
		s, _ := st.Get(ctx, id)
		set := map[int64]bool{vs[0]: true, vs[1]: true}
		// 40 responses: concern i%4+1, village by i%3, the follow-up for 就业.
		want := map[[2]int]int{} // (village index, concern) → count
		for i := range 40 {
			concern, v := i%4+1, min(i%3, 1)
			f := map[string][]string{"q_q1": {strconv.Itoa(concern)}, "q_q2": {strconv.FormatInt(vs[v], 10)},
				"q_q3": {"1", "2"}, "q_q4": {fmt.Sprintf("<script>alert(%d)</script>", i)}, "q_q5_1": {"4"}, "q_q5_2": {strconv.Itoa(i%5 + 1)},
				"q_q6": {strconv.Itoa(i)}}
			as, errs := s.ParseAnswers(f, set)
			if len(errs) > 0 {
				t.Fatalf("response %d: %v", i, errs)
			}
			if _, err := st.Submit(ctx, id, survey.Response{Device: fmt.Sprint("d", i), IP: "10.1.1.1", Answers: as}); err != nil {
				t.Fatalf("submit %d: %v", i, err)
			}
			want[[2]int{v, concern}]++
			c.Set(c.Now().Add(time.Minute))
		}
		places, err := survey.Villages(ctx, db, "2026-05-06")
		if err != nil || len(places) != 2 {
			t.Fatalf("villages = %v, %v", places, err)
		}

		t.Run("CountsAndPercentages", func(t *testing.T) {
			res, err := st.Tally(ctx, s, places)
			if err != nil {
				t.Fatal(err)
			}
			q1 := res.Questions[0]
			if res.Total != 40 || q1.Answered != 40 || len(q1.Counts) != 4 || q1.Counts[0].N != 10 || q1.Counts[0].Pct != 25 {
				t.Fatalf("q1 tally = %+v (total %d)", q1, res.Total)
			}
			q3 := res.Questions[2] // only the 10 who chose 就业 saw it; both options each
			if q3.Answered != 10 || q3.Counts[0].N != 10 || q3.Counts[1].Pct != 100 {
				t.Fatalf("follow-up tally = %+v", q3)
			}
			if m := res.Questions[4].Matrix; len(m) != 2 || m[0].Mean != 4 || m[1].Mean != 3 {
				t.Fatalf("matrix = %+v", m)
			}
			if n := res.Questions[5].Num; n.N != 40 || n.Min != 0 || n.Max != 39 || n.Avg != 19.5 {
				t.Fatalf("numbers = %+v", n)
			}
			if tx := res.Questions[3].Texts; len(tx) != 40 || tx[0].Text != "<script>alert(39)</script>" {
				t.Fatalf("texts = %d, first %+v", len(tx), tx[0])
			}
		})

		t.Run("CrossTabMatchesIndependentCounts", func(t *testing.T) {
			ct, err := st.CrossTab(ctx, s, places, "q1", "q2")
			if err != nil {
				t.Fatal(err)
			}
			if len(ct.Rows) != 2 || len(ct.Cols) != 4 {
				t.Fatalf("cross-tab shape %d×%d", len(ct.Rows), len(ct.Cols))
			}
			for vi, row := range ct.Rows {
				total := 0
				for ci, n := range row.Cells {
					// Independent SQL: respondents with both answers, by EXISTS.
					var sqlN int
					if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = ?
						AND EXISTS (SELECT 1 FROM survey_answers a WHERE a.response_id = r.id AND a.question = 'q1' AND a.choice = ?)
						AND EXISTS (SELECT 1 FROM survey_answers b WHERE b.response_id = r.id AND b.question = 'q2' AND b.choice = ?)`,
						id, strconv.Itoa(ci+1), strconv.FormatInt(vs[vi], 10)).Scan(&sqlN); err != nil {
						t.Fatal(err)
					}
					if n != want[[2]int{vi, ci + 1}] || n != sqlN {
						t.Errorf("cell %s × %s = %d, generated %d, SQL %d", row.Label, ct.Cols[ci], n, want[[2]int{vi, ci + 1}], sqlN)
					}
					total += n
				}
				if row.Total != total {
					t.Errorf("row %s total %d, cells sum %d", row.Label, row.Total, total)
				}
			}
			if _, err := st.CrossTab(ctx, s, places, "q4", "q2"); err == nil {
				t.Fatal("cross-tab of a text question accepted")
			}
		})

		t.Run("ExportCSVAndXLSX", func(t *testing.T) {
			tab, err := st.Export(ctx, s, places, survey.Fixed{ID: "编号", Time: "时间", Name: "姓名"})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := tab.WriteCSV(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b.Bytes(), []byte("\xEF\xBB\xBF")) {
				t.Fatal("CSV without a byte-order mark")
			}
			rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			wantHeader := "编号|时间|最关心|所在村|就业方面|建议|评价 - 学校|评价 - 医院|人数"
			if got := strings.Join(rows[0], "|"); got != wantHeader || len(rows) != 41 {
				t.Fatalf("CSV header %q with %d rows", got, len(rows))
			}
			first := rows[1] // response 0: 就业, 石桥村, both follow-ups
			if first[2] != "就业" || !strings.HasSuffix(first[3], "石桥村") || first[4] != "岗位；培训" || first[8] != "0" {
				t.Fatalf("first row %q", first)
			}
			if rows[2][4] != "" || rows[2][2] != "住房" {
				t.Fatalf("second row (住房, follow-up hidden) %q", rows[2])
			}
			b.Reset()
			if err := tab.WriteXLSX(&b); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			xr, err := x.GetRows("Sheet1")
			if err != nil || len(xr) != 41 || strings.Join(xr[1], "|") != strings.Join(first, "|") {
				t.Fatalf("XLSX rows %d, first %q (err %v)", len(xr), xr[1], err)
			}
		})
	})
}
