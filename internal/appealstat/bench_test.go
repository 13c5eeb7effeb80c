package appealstat_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongchou/internal/appealstat"
	"tongchou/internal/auth/authtest"
)

// BenchmarkHotPage measures GET /appeals/hot (signed in as the office, through the whole
// handler stack: session, render, three SVG charts) on SQLite with 1,000,000 appeals over
// two years, 60 % of them from the transferred town's and township's villages.
//
//	go test ./internal/appealstat -run '^$' -bench HotPage -benchtime 200x -timeout 60m
//
// TONGCHOU_BENCH_APPEALS changes the number of appeals. The set-up seeds them in one
// transaction with one prepared statement and runs the aggregation job once; both are timed
// and logged. Each sub-benchmark reports p50/p95/p99 of its requests.
func BenchmarkHotPage(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("TONGCHOU_BENCH_APPEALS")); err == nil && v > 0 {
		n = v
	}
	env := authtest.NewOn(b, "sqlite:"+filepath.Join(b.TempDir(), "hot.db"))
	ctx := context.Background()
	start := time.Now()
	seedBulk(b, env, n)
	b.Logf("seeded %d appeals in %v", n, time.Since(start).Round(time.Millisecond))
	agg := appealstat.NewAggregator(env.App.DB, env.Clock.Now)
	agg.Batch = 5000
	start = time.Now()
	counted, err := agg.Run(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("aggregated %d appeals in %v", counted, time.Since(start).Round(time.Millisecond))
	c := env.Client("127.0.0.1")
	c.MustLogin("ducha")
	for _, bc := range []struct{ name, path string }{
		{"12weeks", "/appeals/hot"},
		{"52weeks", "/appeals/hot?from=2025-05-05&to=2026-05-06"},
		{"rates-month", "/appeals/rates?from=2026-04-01&to=2026-04-30"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for range 3 { // warm the page cache and the template buffers (see 12weeks-uncached)
				get(b, c, bc.path)
			}
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				get(b, c, bc.path)
				lat = append(lat, time.Since(t0))
			}
			reportPercentiles(b, lat)
		})
	}
	// Every request a different 12-week period: the page is built from the aggregate tables
	// each time, never from the cache.
	b.Run("12weeks-uncached", func(b *testing.B) {
		end := env.Clock.Now().In(time.FixedZone("CST", 8*3600))
		var lat []time.Duration
		i := 0
		for b.Loop() {
			to := end.AddDate(0, 0, -(i % 365))
			i++
			path := "/appeals/hot?from=" + to.AddDate(0, 0, -83).Format("2006-01-02") + "&to=" + to.Format("2006-01-02")
			t0 := time.Now()
			get(b, c, path)
			lat = append(lat, time.Since(t0))
		}
		reportPercentiles(b, lat)
	})
	b.Run("aggregate-1000-new", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			b.StopTimer()
			seedMore(b, env, 1000)
			b.StartTimer()
			t0 := time.Now()
			if _, err := agg.Run(ctx); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		reportPercentiles(b, lat)
	})
}

func get(b *testing.B, c *authtest.Client, path string) {
	if r := c.Get(path); r.Code != http.StatusOK {
		b.Fatalf("GET %s = %d", path, r.Code)
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// bench is the seeding state shared by seedBulk and seedMore.
type bench struct {
	rng        *rand.Rand
	words      []string
	cats       []int64
	near, rest []int64 // transferred villages; other regions
	next       int
}

var seeding *bench

// seedBulk writes n appeals received over the two years before the clock, in order of
// receipt, in one transaction with one prepared statement (of 100 rows).
func seedBulk(b *testing.B, env *authtest.Env, n int) {
	ctx := context.Background()
	s := &bench{rng: rand.New(rand.NewPCG(1, 2)), words: commonWords(b)}
	seeding = s
	q := func(query string) []int64 {
		rows, err := env.App.DB.Query(ctx, query)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	s.cats = q(`SELECT id FROM appeal_categories ORDER BY id`)
	s.near = q(`SELECT r.id FROM regions r JOIN region_parents p ON p.region_id = r.id JOIN regions t ON t.id = p.parent_id
		WHERE t.name IN ('青石镇', '柳溪乡') AND r.level IN ('village', 'community')`)
	s.rest = q(`SELECT id FROM regions WHERE level IN ('village', 'community') AND id NOT IN (SELECT r.id FROM regions r
		JOIN region_parents p ON p.region_id = r.id JOIN regions t ON t.id = p.parent_id WHERE t.name IN ('青石镇', '柳溪乡'))`)
	if len(s.cats) == 0 || len(s.near) == 0 || len(s.rest) == 0 {
		b.Fatalf("demo lacks categories or regions: %d %d %d", len(s.cats), len(s.near), len(s.rest))
	}
	end := env.Clock.Now()
	insert(b, env, n, func(i int) time.Time {
		return end.Add(-2 * 365 * 24 * time.Hour).Add(time.Duration(i) * (2 * 365 * 24 * time.Hour / time.Duration(n)))
	})
}

// seedMore writes n appeals received just before the clock.
func seedMore(b *testing.B, env *authtest.Env, n int) {
	end := env.Clock.Now()
	insert(b, env, n, func(i int) time.Time { return end.Add(-time.Duration(n-i) * time.Second) })
}

// rowsPerInsert is how many appeals one INSERT writes: one statement per row spends most of
// its time crossing into SQLite, not writing.
const rowsPerInsert = 100

func insert(b *testing.B, env *authtest.Env, n int, at func(int) time.Time) {
	ctx := context.Background()
	s := seeding
	write, _ := env.App.DB.Pools()
	conn, err := write.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// A large page cache for the bulk load: the appeal indexes (phone hash, place) take keys
	// in random order, and with the default 2 MB cache every insert reads pages from disk.
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		b.Fatal(err)
	}
	defer conn.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	const cols = 9
	stmt := func(rows int) string {
		return `INSERT INTO appeals (code, category_id, class, region_id, description, phone_hash, source, state, received_at, due_at,
			created_at, updated_at) VALUES ` + strings.TrimSuffix(strings.Repeat(`(?, ?, 'complaint', ?, ?, ?, 'public', 'received', ?, ?, ?, ?), `, rows), ", ")
	}
	full, err := tx.PrepareContext(ctx, stmt(rowsPerInsert))
	if err != nil {
		b.Fatal(err)
	}
	defer full.Close()
	args := make([]any, 0, rowsPerInsert*cols)
	flush := func() {
		if len(args) == 0 {
			return
		}
		var err error
		if len(args) == rowsPerInsert*cols {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, stmt(len(args)/cols), args...)
		}
		if err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	for i := range n {
		s.next++
		region := s.rest[s.rng.IntN(len(s.rest))]
		if s.rng.IntN(10) < 6 {
			region = s.near[s.rng.IntN(len(s.near))]
		}
		received := at(i).UTC()
		args = append(args, fmt.Sprintf("B%08d", s.next), s.cats[s.rng.IntN(len(s.cats))], region, s.text(),
			fmt.Sprintf("ph%06d", s.rng.IntN(300_000)), received, received.Add(13*24*time.Hour), received, received)
		if len(args) == rowsPerInsert*cols {
			flush()
		}
	}
	flush()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	// Fold the bulk load's write-ahead log into the database as the autocheckpoint would
	// have done over months, so the timed reads do not search a 600 MB log.
	if _, err := conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
}

var (
	subjects = []string{"学校门口", "幼儿园", "村卫生室", "村道", "公交站", "菜市场", "小区", "河道", "养老院", "工地", "镇医院", "安置房"}
	problems = []string{"路灯坏了", "积水严重", "噪音扰民", "乱收费", "学位不够", "缺医少药", "污水直排", "拖欠工资", "停水三天", "垃圾堆积", "占道经营", "班车太少"}
)

// text is an appeal of 40–80 characters: a subject, a problem and a few common words, so
// the weekly term tables hold thousands of distinct terms as real texts would.
func (s *bench) text() string {
	var sb strings.Builder
	sb.WriteString(subjects[s.rng.IntN(len(subjects))])
	sb.WriteString(problems[s.rng.IntN(len(problems))])
	sb.WriteString("，")
	for range 4 + s.rng.IntN(6) {
		sb.WriteString(s.words[s.rng.IntN(len(s.words))])
	}
	sb.WriteString("，希望尽快解决。")
	return sb.String()
}

// commonWords reads the two-character words of the trimmed dictionary with a high frequency.
func commonWords(b *testing.B) []string {
	f, err := os.Open("dict/zh_trim.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Fields(sc.Text())
		if len(p) >= 2 && len([]rune(p[0])) == 2 {
			if n, _ := strconv.Atoi(p[1]); n >= 2000 {
				out = append(out, p[0])
			}
		}
	}
	return out
}
