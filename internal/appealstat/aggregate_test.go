package appealstat

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// place is the demo geography in small: 青石镇 moved from 东山县 to 河西区 on 2026-03-01.
type place struct {
	qingshi, dongshan, xihe, community int64
}

func seedPlaces(f *fixture) place {
	var p place
	district, county := f.region("河西区", "district"), f.region("东山县", "county")
	p.qingshi = f.region("青石镇", "town")
	street := f.region("城关街道", "subdistrict")
	p.dongshan, p.xihe, p.community = f.region("东山村", "village"), f.region("西河村", "village"), f.region("城关社区", "community")
	link := func(region, parent int64, from string, to any) {
		f.exec(`INSERT INTO region_parents (region_id, parent_id, valid_from, valid_to) VALUES (?, ?, ?, ?)`, region, parent, from, to)
	}
	link(p.qingshi, county, "2000-01-01", "2026-03-01")
	link(p.qingshi, district, "2026-03-01", nil)
	link(street, district, "2000-01-01", nil)
	link(p.dongshan, p.qingshi, "2000-01-01", nil)
	link(p.xihe, p.qingshi, "2000-01-01", nil)
	link(p.community, street, "2000-01-01", nil)
	return p
}

// phrases: each appeal's text is one of these; key is a term the phrase must yield.
var phrases = []struct{ text, key string }{
	{"路灯坏了很久，晚上出行不安全。", "路灯"},
	{"孩子入学难，学位不够。", "学位"},
	{"村里污水直排，臭味很大。", "污水"},
	{"医保报销太慢，希望简化手续。", "医保"},
	{"公交班次太少，上班不方便。", "公交"},
}

type seeded struct {
	id               int64
	category, region int64
	phone            string
	received         time.Time
	phrase           int
}

// seedAppeals writes n appeals in order of receipt over eight weeks from start.
func seedAppeals(f *fixture, rng *rand.Rand, p place, n int, start time.Time, from int) []seeded {
	cats := []int64{f.category("教育"), f.category("环境"), f.category("医疗")}
	regions := []int64{p.dongshan, p.xihe, p.community, 0}
	var out []seeded
	for i := range n {
		s := seeded{category: cats[rng.IntN(len(cats))], region: regions[rng.IntN(len(regions))],
			received: start.Add(time.Duration(from+i) * 37 * time.Minute * 5), phrase: rng.IntN(len(phrases))}
		if rng.IntN(3) > 0 {
			s.phone = fmt.Sprintf("hash-%02d", rng.IntN(25))
		}
		s.id = f.appeal(appeal{category: s.category, region: s.region, phoneHash: s.phone, received: s.received,
			text: phrases[s.phrase].text, state: "received"})
		out = append(out, s)
	}
	return out
}

type snapshot struct {
	Daily, Terms, Repeats []string
}

func snap(t *testing.T, db *store.DB) snapshot {
	t.Helper()
	read := func(q string) []string {
		rows, err := db.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var a, b, c, d, e, f, g any
			dest := []any{&a, &b, &c, &d, &e, &f, &g}
			cols, _ := rows.Columns()
			if err := rows.Scan(dest[:len(cols)]...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(dest[:len(cols)]...))
			parts := make([]string, len(cols))
			for i := range cols {
				parts[i] = fmt.Sprint(*(dest[i].(*any)))
			}
			out[len(out)-1] = strings.Join(parts, "|")
		}
		return out
	}
	return snapshot{
		Daily:   read(`SELECT day, category_id, region_id, n, repeat_phone, repeat_place, repeat_any FROM appealstat_daily ORDER BY day, category_id, region_id`),
		Terms:   read(`SELECT week, term, n FROM appealstat_terms ORDER BY week, term`),
		Repeats: read(`SELECT appeal_id, day, COALESCE(phone_of, 0), COALESCE(place_of, 0) FROM appealstat_repeats ORDER BY appeal_id`),
	}
}

func TestIncrementalAggregationEqualsFullRecount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		p := seedPlaces(f)
		rng := rand.New(rand.NewPCG(3, 5))
		agg := NewAggregator(db, time.Now)
		agg.Batch = 37 // several batches per run
		start := sh("2026-02-16", "08:00:00")
		var all []seeded
		for chunk := range 5 {
			all = append(all, seedAppeals(f, rng, p, 60, start, chunk*60)...)
			if _, err := agg.Run(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := agg.Run(ctx); err != nil || n != 0 {
			t.Fatalf("a run with nothing new counted %d (%v), want 0", n, err)
		}
		incremental := snap(t, db)
		full := NewAggregator(db, time.Now)
		if n, err := full.Recount(ctx); err != nil || n != len(all) {
			t.Fatalf("Recount = %d, %v; want %d", n, err, len(all))
		}
		recount := snap(t, db)
		if !reflect.DeepEqual(incremental, recount) {
			t.Fatalf("incremental and full counts differ:\nincremental %v\nrecount     %v", incremental, recount)
		}
		checkAgainstAppeals(t, db, all)
	})
}

// checkAgainstAppeals recomputes the daily counts, the repeat flags and the term counts
// from the seeded list in Go and compares them with the tables.
func checkAgainstAppeals(t *testing.T, db *store.DB, all []seeded) {
	t.Helper()
	ctx := context.Background()
	wantDaily := map[string]int{}
	wantTerm := map[string]int{}
	wantRepeats := 0
	for i, a := range all {
		wantDaily[fmt.Sprintf("%s|%d|%d", shanghaiDay(a.received), a.category, a.region)]++
		wantTerm[phrases[a.phrase].key]++
		for _, b := range all[:i] {
			within := a.received.Sub(b.received) <= RepeatWindow
			if within && ((a.phone != "" && a.phone == b.phone) || (a.region != 0 && a.region == b.region && a.category == b.category)) {
				wantRepeats++
				break
			}
		}
	}
	rows, err := db.Query(ctx, `SELECT day, category_id, region_id, n FROM appealstat_daily`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for rows.Next() {
		var day string
		var c, r int64
		var n int
		rows.Scan(&day, &c, &r, &n)
		got[fmt.Sprintf("%s|%d|%d", day, c, r)] = n
	}
	rows.Close()
	if !reflect.DeepEqual(got, wantDaily) {
		t.Fatalf("daily counts = %v, want %v", got, wantDaily)
	}
	var repeats int
	db.QueryRow(ctx, `SELECT COUNT(*) FROM appealstat_repeats`).Scan(&repeats)
	if repeats != wantRepeats || repeats == 0 {
		t.Fatalf("repeats = %d, want %d (and some)", repeats, wantRepeats)
	}
	for term, want := range wantTerm {
		var n int
		db.QueryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM appealstat_terms WHERE term = ?`, term).Scan(&n)
		if n != want {
			t.Fatalf("term %s counted %d times, want %d", term, n, want)
		}
	}
}

func TestLoadHot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		p := seedPlaces(f)
		edu, env := f.category("教育"), f.category("环境")
		add := func(day string, cat, region int64, phone, text string) {
			f.appeal(appeal{category: cat, region: region, phoneHash: phone, received: sh(day, "10:00:00"), text: text, state: "received"})
		}
		add("2026-02-24", edu, p.dongshan, "", "孩子入学难，学位不够。")      // the week before
		add("2026-03-02", edu, p.dongshan, "h1", "孩子入学难，学位不够。")    // W10
		add("2026-03-03", edu, p.dongshan, "", "学位紧张，入学难。")        // W10, same place and category
		add("2026-03-04", env, p.xihe, "h1", "村里污水直排。")            // W10, same person
		add("2026-03-10", env, p.community, "", "城关社区污水直排，路灯也坏了。") // W11
		add("2026-03-16", env, 0, "", "路灯不亮。")                     // after the period
		if _, err := NewAggregator(db, time.Now).Run(ctx); err != nil {
			t.Fatal(err)
		}
		h, err := LoadHot(ctx, db, Period{"2026-03-02", "2026-03-15"}, "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		if h.Total != 4 || h.PrevTotal != 1 {
			t.Fatalf("total %d (before %d), want 4 (1)", h.Total, h.PrevTotal)
		}
		if h.Transferred.N != 3 || h.Rest.N != 1 || h.Transferred.Regions != 2 || h.Transferred.Prev != 1 {
			t.Fatalf("transferred %+v rest %+v", h.Transferred, h.Rest)
		}
		if len(h.Categories) != 2 || h.Categories[0].Name != "教育" || h.Categories[0].N != 2 || h.Categories[0].NTransferred != 2 {
			t.Fatalf("categories = %+v", h.Categories)
		}
		if len(h.Weeks) != 2 || h.Weeks[0] != (Week{"2026-W10", 3, 3, 0}) || h.Weeks[1] != (Week{"2026-W11", 1, 0, 1}) {
			t.Fatalf("weeks = %+v", h.Weeks)
		}
		if len(h.Villages) != 3 || h.Villages[0].Name != "东山村" || !h.Villages[0].Transferred || h.Villages[0].Parent != "青石镇" {
			t.Fatalf("villages = %+v", h.Villages)
		}
		if h.RepeatPhone != 1 || h.RepeatPlace != 2 || h.RepeatAny != 3 || len(h.Repeats) != 3 || h.Repeats[0].PhoneOfCode != "T000002" {
			t.Fatalf("repeats phone %d place %d list %+v", h.RepeatPhone, h.RepeatPlace, h.Repeats)
		}
		terms := map[string]Term{}
		for _, tm := range h.Terms {
			terms[tm.Term] = tm
		}
		if terms["学位"].N != 2 || terms["学位"].Prev != 1 || terms["污水"].N != 2 || terms["路灯"].N != 1 {
			t.Fatalf("terms = %+v", h.Terms)
		}
		if _, ok := terms["城关社区"]; ok {
			t.Fatalf("a place name counted as a term: %+v", h.Terms)
		}
		if h.CountedTo.IsZero() {
			t.Fatal("the report does not say when the counts were made")
		}
	})
}
