package task_test

import (
	"context"
	"slices"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
)

// TestBoardSearch checks the board's Chinese full-text search on both
// engines: bigrams find two-character words in titles, report texts are
// searched too, edits re-index, and the data scope still applies.
func TestBoardSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		create := func(title, content string) int64 {
			t.Helper()
			in := f.input()
			in.Title, in.Content = title, content
			id, err := f.s.Create(ctx, f.users[asOffice], in)
			if err != nil {
				t.Fatalf("create %s: %v", title, err)
			}
			return id
		}
		school := create("区教育局办学条件改善", "改善薄弱学校")
		teachers := create("教育局教师交流轮岗", "")
		roads := create("镇村道路提档升级", "新划入乡镇道路")
		if _, err := db.Exec(ctx, `UPDATE tasks SET state = ? WHERE id = ?`, task.StateInProgress, roads); err != nil {
			t.Fatal(err)
		}
		in := goodReport("2026-05-09", "40")
		in.WorkDone, in.Problems = "开通镇区至村小的校车两条", "司机不足"
		if _, err := f.s.SubmitReport(ctx, f.users[asLiaison], roads, in); err != nil {
			t.Fatalf("submit report: %v", err)
		}
		edited := f.input()
		edited.Title = "卫生院标准化建设"
		if err := f.s.Update(ctx, f.users[asOffice], teachers, 1, edited); err != nil {
			t.Fatalf("edit: %v", err)
		}
		for _, tc := range []struct {
			name, as, q string
			want        []int64
		}{
			{"TwoCharWordFindsTitles", asOffice, "教育", []int64{school}},
			{"LongerWordFindsTitle", asOffice, "教育局办学", []int64{school}},
			{"WordsAcrossSpaceANDed", asOffice, "教育 薄弱", []int64{school}},
			{"ReportTextFindsTask", asOffice, "校车", []int64{roads}},
			{"ReportProblemFindsTask", asOffice, "司机", []int64{roads}},
			{"EditedTitleFound", asOffice, "卫生院", []int64{teachers}},
			{"OldTitleGoneAfterEdit", asOffice, "轮岗", nil},
			{"NonMatchingWordNone", asOffice, "养老院", nil},
			{"SQLHarmless", asOffice, `' OR 1=1; DROP TABLE tasks; --`, nil},
			{"HTMLHarmless", asOffice, `<script>alert(1)</script>`, nil},
			{"LeadUnitSeesOwn", asLiaison, "校车", []int64{roads}},
			{"OtherUnitSeesNone", asOther, "教育", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				b, err := f.s.List(ctx, f.users[tc.as], task.Filter{CampaignID: f.campaign.ID, Q: tc.q})
				if err != nil {
					t.Fatalf("list %q: %v", tc.q, err)
				}
				var got []int64
				for _, x := range b.Tasks {
					got = append(got, x.ID)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.want) || b.Total != len(tc.want) {
					t.Fatalf("search %q as %s = %v (total %d), want %v", tc.q, tc.as, got, b.Total, tc.want)
				}
			})
		}
	})
}
