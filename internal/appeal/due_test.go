package appeal_test

import (
	"context"
	"testing"
	"time"

	"tongchou/internal/appeal"
	"tongchou/internal/store"
	"tongchou/internal/workday"
)

var shanghai = time.FixedZone("CST", 8*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// TestDueAcrossSpringFestival2026 checks the default limits against the
// 2026 schedule migrated into the calendar: 春节 off 02-15…02-23, adjusted
// working Saturdays 02-14 and 02-28. Working days count from the day after
// receipt and end at 23:59:59 Shanghai time; urgent runs 24 clock hours
// through the holiday.
func testDueAcrossSpringFestival2026(t *testing.T, f *fixture) {
	db := f.db
	{
		cal, err := workday.Load(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, kind, from, want string
		}{
			{"EnquiryFridayBeforeCountsAdjustedSaturday", appeal.ClassEnquiry, "2026-02-13 10:00", "2026-02-25 23:59"},
			{"EnquiryThursdayBefore", appeal.ClassEnquiry, "2026-02-12 16:30", "2026-02-24 23:59"},
			{"EnquiryOnAdjustedSaturday", appeal.ClassEnquiry, "2026-02-14 09:00", "2026-02-26 23:59"},
			{"EnquiryOnHoliday", appeal.ClassEnquiry, "2026-02-17 20:00", "2026-02-26 23:59"},
			{"EnquiryBeforeSecondAdjustedSaturday", appeal.ClassEnquiry, "2026-02-26 11:00", "2026-03-02 23:59"},
			{"EnquiryLateEveningStillThatDay", appeal.ClassEnquiry, "2026-02-13 23:30", "2026-02-25 23:59"},
			{"ComplaintAcrossBothSaturdays", appeal.ClassComplaint, "2026-02-13 10:00", "2026-03-10 23:59"},
			{"ComplaintOnHoliday", appeal.ClassComplaint, "2026-02-20 10:00", "2026-03-11 23:59"},
			{"UrgentThroughHoliday", appeal.ClassUrgent, "2026-02-16 09:00", "2026-02-17 09:00"},
			{"UrgentBeforeHoliday", appeal.ClassUrgent, "2026-02-14 18:45", "2026-02-15 18:45"},
			{"SignFridayDueAdjustedSaturday", appeal.KindSign, "2026-02-13 15:00", "2026-02-14 23:59"},
			{"SignAdjustedSaturdayDueAfterHoliday", appeal.KindSign, "2026-02-14 15:00", "2026-02-24 23:59"},
			{"CallbackFridayDueAdjustedSaturday", appeal.KindCallback, "2026-02-27 10:00", "2026-02-28 23:59"},
			{"CallbackAdjustedSaturdayDueMonday", appeal.KindCallback, "2026-02-28 10:00", "2026-03-02 23:59"},
			{"EnquiryOrdinaryWeek", appeal.ClassEnquiry, "2026-03-11 10:00", "2026-03-16 23:59"},
		} {
			t.Run(c.name, func(t *testing.T) {
				got := appeal.Due(cal, appeal.DefaultLimits[c.kind], at(c.from)).In(shanghai).Format("2006-01-02 15:04")
				if got != c.want {
					t.Fatalf("due = %s, want %s", got, c.want)
				}
			})
		}
	}
}

// TestConfiguredLimitOverridesDefault: a category-specific limit wins over
// the class-wide one, which wins over the default.
func testConfiguredLimitOverridesDefault(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	ctx := context.Background()
	f.clock = at("2026-03-11 10:00").UTC()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if err := f.s.SetLimit(ctx, tx, appeal.ClassComplaint, 0, appeal.Limit{Unit: appeal.UnitWorkdays, Amount: 5}); err != nil {
			return err
		}
		return f.s.SetLimit(ctx, tx, appeal.ClassComplaint, f.cats["教育"], appeal.Limit{Unit: appeal.UnitHours, Amount: 48})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, cat, want string
	}{
		{"CategoryRow", "教育", "2026-03-13 10:00"},
		{"ClassRow", "住房", "2026-03-18 23:59"},
		{"DefaultForOtherClass", "就业", "2026-03-16 23:59"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := f.intake()
			in.CategoryID = f.cats[c.cat]
			code, err := f.s.Submit(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.s.Track(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.DueAt.In(shanghai).Format("2006-01-02 15:04"); got != c.want {
				t.Fatalf("due %s, want %s", got, c.want)
			}
		})
	}
	t.Run("BadLimitRefused", func(t *testing.T) {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return f.s.SetLimit(ctx, tx, appeal.ClassUrgent, 0, appeal.Limit{Unit: "weeks", Amount: 2})
		})
		if err == nil {
			t.Fatal("accepted")
		}
	})
}
