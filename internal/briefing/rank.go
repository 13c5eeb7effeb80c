package briefing

import (
	"cmp"
	"slices"
)

// The ranked 序列: district departments, and town/township governments.
const (
	SeriesDepartment = "department" // 区直部门
	SeriesTown       = "town"       // 镇（乡、街道）
)

// seriesOf puts a unit kind in its 序列. Our choice where the issue is
// silent: sub-district offices (街道办事处) are ranked with the town and
// township governments, as the 镇街 of a district usually are. Village
// committees, organisations and system units are not ranked.
func seriesOf(kind string) string {
	switch kind {
	case "department":
		return SeriesDepartment
	case "town", "township", "subdistrict":
		return SeriesTown
	}
	return ""
}

// score fills a unit's Scored and Score. A unit with no report due and no
// task whose deadline fell in the period (or that was done in it) has
// nothing due (无应办事项) and is not scored. A component whose
// denominator is zero (say, no open tasks) is left out and the other weights
// count in proportion, so that a unit is neither rewarded nor punished for
// what it was not asked to do.
func score(u *UnitRow, s Settings) {
	u.Scored = u.ReportsDue > 0 || u.CompletionDue > 0
	if !u.Scored {
		u.Score = 0
		return
	}
	var sum, weights float64
	add := func(w, n, d int) {
		if d > 0 && w > 0 {
			sum += float64(w) * float64(n) / float64(d)
			weights += float64(w)
		}
	}
	add(s.WeightReports, u.OnTime, u.ReportsDue)
	add(s.WeightCompletion, u.CompletedOnTime, u.CompletionDue)
	add(s.WeightLights, u.Open-u.Red, u.Open)
	if weights == 0 {
		u.Score = 0
		return
	}
	u.Score = round1(100 * sum / weights)
}

// rankSeries ranks the scored units of one series by score (as shown, to
// one decimal), best first; equal scores share a rank and the next rank
// skips (1, 2, 2, 4). Units with nothing due follow, unranked (Rank 0).
// Names break ties in the order only.
func rankSeries(key string, rows []UnitRow, s Settings) Series {
	slices.SortStableFunc(rows, func(a, b UnitRow) int {
		if a.Scored != b.Scored {
			if a.Scored {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	for i := range rows {
		rows[i].Rank = 0
		if !rows[i].Scored {
			continue
		}
		rows[i].Rank = i + 1
		if i > 0 && rows[i-1].Scored && rows[i-1].Score == rows[i].Score {
			rows[i].Rank = rows[i-1].Rank
		}
	}
	out := Series{Key: key, Rows: rows, Red: []UnitRow{}, Black: []UnitRow{}}
	scored := 0
	for _, r := range rows {
		if r.Scored {
			scored++
		}
	}
	for _, r := range rows {
		if r.Scored && r.Rank <= s.BoardSize && r.Score >= float64(s.Target) {
			out.Red = append(out.Red, r)
		}
	}
	// The bottom N counted from the end the same way: a unit's rank from the
	// bottom is 1 + the number of scored units with a strictly lower score.
	for i := scored - 1; i >= 0; i-- {
		r := rows[i]
		lower := 0
		for _, o := range rows[:scored] {
			if o.Score < r.Score {
				lower++
			}
		}
		if lower+1 <= s.BoardSize && r.Score < float64(s.Target) {
			out.Black = append(out.Black, r)
		}
	}
	return out
}
