package org_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tongchou/internal/org"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/ui"
)

func TestCreateRegionRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newStore(t, db)
		w := buildWorld(t, s)
		for _, tc := range []struct {
			name  string
			in    org.NewRegion
			field string
			key   string
		}{
			{"EmptyName", org.NewRegion{Level: org.LevelVillage, Name: " ", Code: "350321100203", ParentID: w.town, From: "2000-01-01"}, "name", "form.required"},
			{"HugeName", org.NewRegion{Level: org.LevelVillage, Name: strings.Repeat("村", 1<<20), Code: "350321100203", ParentID: w.town, From: "2000-01-01"}, "name", "form.too_long"},
			{"LettersInCode", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "35032110020x", ParentID: w.town, From: "2000-01-01"}, "code", "org.err.code_format"},
			{"ShortCode", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "3503211002", ParentID: w.town, From: "2000-01-01"}, "code", "org.err.code_format"},
			{"VillageCodeEndingInZeros", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "350321100000", ParentID: w.town, From: "2000-01-01"}, "code", "org.err.code_level"},
			{"CodeNotUnderParent", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "350321200203", ParentID: w.town, From: "2000-01-01"}, "code", "org.err.code_prefix"},
			{"CodeTaken", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "350321100201", ParentID: w.town, From: "2000-01-01"}, "code", "org.err.code_taken"},
			{"VillageUnderCounty", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "350321100203", ParentID: w.county, From: "2000-01-01"}, "parent", "org.err.parent_level"},
			{"MissingParent", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "350321100203", From: "2000-01-01"}, "parent", "form.required"},
			{"BadDate", org.NewRegion{Level: org.LevelVillage, Name: "新村", Code: "350321100203", ParentID: w.town, From: "2026-02-30"}, "from", "org.err.date"},
			{"UnknownLevel", org.NewRegion{Level: "city", Name: "新市", Code: "350300000000", From: "2000-01-01"}, "level", "org.err.level"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.CreateRegion(context.Background(), tc.in)
				errs := ui.AsErrors(err)
				if errs[tc.field] != tc.key {
					t.Fatalf("CreateRegion = %v, want %s=%s", err, tc.field, tc.key)
				}
			})
		}
		var n int
		db.QueryRow(context.Background(), "SELECT COUNT(*) FROM regions").Scan(&n)
		if n != 6 {
			t.Fatalf("regions = %d, want the 6 of the world only", n)
		}
	})
}

func TestSearchFindsNamesAndFormerNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		w := buildWorld(t, s)
		if err := s.Rename(ctx, w.v2, "石门社区村", "2025-01-01"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q    string
			want int64
		}{{"青石村", w.v1}, {"石门村", w.v2}, {"石门社区", w.v2}, {"350321100201", w.v1}} {
			got, err := s.SearchRegions(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != tc.want {
				t.Errorf("SearchRegions(%q) = %v, want region %d", tc.q, got, tc.want)
			}
		}
		if got, _ := s.SearchRegions(ctx, "%"); len(got) != 0 {
			t.Errorf("a %% search matched %d regions, want the wildcard taken literally", len(got))
		}
	})
}

func TestTransferAnswersHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		w := buildWorld(t, s)
		plan, err := s.PreviewTransfer(ctx, transferWithCodes(w))
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		if len(plan.Moves) != 3 || plan.Moves[1].OldCode != "350321100201" || plan.Moves[1].NewCode != "350302100201" {
			t.Fatalf("preview moves = %+v", plan.Moves)
		}
		if got, _ := s.ParentOn(ctx, w.town, "2026-03-05"); got.ID != w.county {
			t.Fatalf("preview changed the data: parent = %v", got)
		}
		if _, err := s.ApplyTransfer(ctx, transferWithCodes(w)); err != nil {
			t.Fatalf("transfer: %v", err)
		}
		for _, tc := range []struct {
			date string
			want int64
		}{{"2026-02-28", w.county}, {"2026-03-01", w.district}, {"2010-06-01", w.county}, {"2030-01-01", w.district}} {
			got, err := s.AncestorOn(ctx, w.v1, org.LevelDistrict, tc.date)
			if tc.want == w.county {
				got, err = s.AncestorOn(ctx, w.v1, org.LevelCounty, tc.date)
			}
			if err != nil || got.ID != tc.want {
				t.Errorf("on %s village in %v (%v), want %d", tc.date, got, err, tc.want)
			}
		}
		for date, want := range map[string]int64{"2026-02-28": w.county, "2026-03-01": w.district} {
			if got, err := s.CountyOn(ctx, w.v1, date); err != nil || got.ID != want {
				t.Errorf("CountyOn(%s) = %v (%v), want %d", date, got, err, want)
			}
		}
		if _, err := s.AncestorOn(ctx, w.v1, org.LevelDistrict, "2026-02-28"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("district of the village on 2026-02-28 = %v, want none", err)
		}
		if code, _ := s.CodeOn(ctx, w.v1, "2026-02-28"); code != "350321100201" {
			t.Errorf("code on 2026-02-28 = %s", code)
		}
		if code, _ := s.CodeOn(ctx, w.v1, "2026-03-01"); code != "350302100201" {
			t.Errorf("code on 2026-03-01 = %s", code)
		}
		old, err := s.FindByCode(ctx, "350321100201")
		if err != nil || len(old) != 1 || old[0].Region.ID != w.v1 || old[0].Span.To != "2026-03-01" {
			t.Errorf("old code found as %+v (%v)", old, err)
		}
		cur, _ := s.FindByCode(ctx, "350302100201")
		if len(cur) != 1 || !cur[0].Span.Current() || cur[0].Span.Predecessor != "350321100201" {
			t.Errorf("new code found as %+v", cur)
		}
		var audits int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'transfer'").Scan(&audits)
		if audits != 1 {
			t.Errorf("transfer audit entries = %d, want 1", audits)
		}
	})
}

func TestTransferRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		w := buildWorld(t, s)
		other := mustRegion(t, s, org.NewRegion{Level: org.LevelDistrict, Name: "河东区", Code: "350303000000", From: "2000-01-01"})
		refuse := func(name string, tr org.Transfer, field, key string) {
			t.Run(name, func(t *testing.T) {
				_, err := s.ApplyTransfer(ctx, tr)
				if got := ui.AsErrors(err)[field]; got != key {
					t.Fatalf("transfer = %v, want %s=%s", err, field, key)
				}
			})
		}
		village := transferWithCodes(w)
		village.RegionID = w.v1
		refuse("NotATown", village, "region", "org.err.transfer_level")
		sub := transferWithCodes(w)
		sub.RegionID = w.sub
		refuse("SubdistrictNotATown", sub, "region", "org.err.transfer_level")
		early := transferWithCodes(w)
		early.Date = "1999-12-31"
		refuse("DateBeforeCurrentLink", early, "date", "org.err.date_before_current")
		bad := transferWithCodes(w)
		bad.VillageCodes[w.v2] = "350321100202"
		refuse("VillageCodeNotUnderNewTown", bad, "code_"+itoa(w.v2), "org.err.code_prefix")
		missing := transferWithCodes(w)
		delete(missing.VillageCodes, w.v1)
		refuse("VillageCodeMissing", missing, "code_"+itoa(w.v1), "org.err.village_code_needed")
		toVillage := transferWithCodes(w)
		toVillage.ToParentID = w.v1
		refuse("TargetNotACounty", toVillage, "to", "org.err.parent_level")
		if got, _ := s.ParentOn(ctx, w.town, "2026-06-01"); got.ID != w.county {
			t.Fatalf("a refused transfer changed the parent to %v", got)
		}
		if _, err := s.ApplyTransfer(ctx, transferWithCodes(w)); err != nil {
			t.Fatalf("first transfer: %v", err)
		}
		refuse("SameTransferTwice", transferWithCodes(w), "to", "org.err.same_parent")
		again := org.Transfer{RegionID: w.town, ToParentID: other, Date: "2026-03-01"}
		refuse("SecondTransferSameDay", again, "date", "org.err.date_before_current")
		var links int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM region_parents WHERE region_id = ?", w.town).Scan(&links)
		if links != 2 {
			t.Fatalf("parent links = %d, want 2", links)
		}
	})
}

func TestTransferWithoutCodesThenSetCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		w := buildWorld(t, s)
		if _, err := s.ApplyTransfer(ctx, org.Transfer{RegionID: w.town, ToParentID: w.district, Date: "2026-03-01"}); err != nil {
			t.Fatal(err)
		}
		if code, _ := s.CodeOn(ctx, w.town, "2026-04-01"); code != "350321100000" {
			t.Fatalf("code kept = %s", code)
		}
		if err := s.SetCode(ctx, w.town, "350303100000", "2026-06-30"); ui.AsErrors(err)["code"] != "org.err.code_prefix" {
			t.Fatalf("code under another district = %v", err)
		}
		if err := s.SetCode(ctx, w.town, "350302100000", "2026-06-30"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCode(ctx, w.v1, "350302100201", "2026-06-30"); err != nil {
			t.Fatal(err)
		}
		if code, _ := s.CodeOn(ctx, w.v1, "2026-06-29"); code != "350321100201" {
			t.Fatalf("old code on the day before = %s", code)
		}
		if m, _ := s.FindByCode(ctx, "350302100201"); len(m) != 1 || m[0].Span.Predecessor != "350321100201" {
			t.Fatalf("new code = %+v", m)
		}
	})
}
