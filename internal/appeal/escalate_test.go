package appeal_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"tongchou/internal/appeal"
)

// TestEscalateOncePerRung: past the limit the unit head gets 催办 once; two
// working days later the office gets 督办 once; answered-and-approved
// appeals are not chased.
func testEscalateOncePerRung(t *testing.T, f *fixture) {
	db := f.db
	ctx := context.Background()
	f.clock = at("2026-03-02 10:00").UTC()
	id := f.to(t, appeal.StateSigned)
	done := f.to(t, appeal.StateRating)
	due := f.get(t, id).DueAt // 13 working days: 2026-03-19
	notes := func(user string) int {
		return count(t, db, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND link = ?`,
			f.users[user].ID, "/appeals/"+itoaTest(id))
	}
	for _, c := range []struct {
		name       string
		at         time.Time
		sent       int
		head, offi int
	}{
		{"BeforeLimit", due.Add(-time.Hour), 0, 0, 0},
		{"DayAfterLimitUrges", due.Add(10 * time.Hour), 1, 1, 0},
		{"SameDayAgainNothing", due.Add(11 * time.Hour), 0, 1, 0},
		{"TwoWorkingDaysLaterSupervises", at("2026-03-23 09:00"), 1, 1, 1},
		{"LaterNothingMore", at("2026-03-30 09:00"), 0, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.clock = c.at.UTC()
			n, err := f.s.Escalate(ctx, c.at)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.sent || notes(asHead) != c.head || notes(asOffice) != c.offi {
				t.Fatalf("sent %d, head %d, office %d", n, notes(asHead), notes(asOffice))
			}
		})
	}
	if k := count(t, db, `SELECT COUNT(*) FROM appeal_escalations WHERE appeal_id = ?`, done); k != 0 {
		t.Fatalf("approved appeal escalated %d times", k)
	}
}

func itoaTest(id int64) string { return strconv.FormatInt(id, 10) }
