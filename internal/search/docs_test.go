package search_test

import (
	"context"
	"slices"
	"testing"

	"tongchou/internal/search"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

func TestPutAndMatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		put := func(ref int64, texts ...string) {
			t.Helper()
			if err := db.InTx(ctx, func(tx *store.Tx) error { return search.Put(ctx, tx, "t", ref, texts...) }); err != nil {
				t.Fatalf("Put %d: %v", ref, err)
			}
		}
		put(1, "区教育局办学条件改善", "")
		put(2, "青石镇道路", "开通校车两条")
		put(3, "Village 5G coverage")
		put(2, "青石镇道路", "开通校车两条", "新增公交") // a report added: replaced, not duplicated
		put(4, "教育 局")                    // the other kind must not leak in
		if err := db.InTx(ctx, func(tx *store.Tx) error { return search.Put(ctx, tx, "other", 1, "校车") }); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, q string
			want    []int64
		}{
			{"TwoCharWordFound", "教育", []int64{1, 4}},
			{"LongWordNeedsAllBigrams", "教育局", []int64{1}},
			{"WordsAcrossSpaceANDed", "教育局 办学", []int64{1}},
			{"SecondTextFound", "校车", []int64{2}},
			{"ReplacedDocFound", "公交", []int64{2}},
			{"LatinCaseInsensitive", "5g VILLAGE", []int64{3}},
			{"NoMatchNone", "医院", nil},
			{"OneCharFound", "校", []int64{2}},
			{"OneCharInsideOrAloneFound", "局", []int64{1, 4}},
			{"OneCharNoMatchNone", "医", nil},
			{"SQLHarmless", `'; DROP TABLE search_docs; -- "`, nil},
			{"PunctuationOnlyNone", "！？", nil},
			{"FTSOperatorIsAWord", "教育 OR 校车", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cond, args := search.Match(db.Dialect(), "t", "x.id", tc.q)
				rows, err := db.Query(ctx, `SELECT x.id FROM (SELECT DISTINCT ref_id AS id FROM search_docs) x WHERE `+cond+` ORDER BY x.id`, args...)
				if err != nil {
					t.Fatalf("query %q: %v", tc.q, err)
				}
				defer rows.Close()
				var got []int64
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						t.Fatal(err)
					}
					got = append(got, id)
				}
				if !slices.Equal(got, tc.want) {
					t.Fatalf("search %q = %v, want %v", tc.q, got, tc.want)
				}
			})
		}
	})
}
