package org_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/org"
	"tongchou/internal/store"
)

// clock is 2026-05-01 in Shanghai, after the demo transfer.
var clock = func() time.Time { return time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC) }

func newStore(t *testing.T, db *store.DB) *org.Store {
	t.Helper()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	return org.New(db, audit.New(db, suite, clock), suite, clock)
}

// world is a county with a town of two villages and a district with a sub-district.
type world struct {
	county, district, town, v1, v2, sub int64
}

func mustRegion(t *testing.T, s *org.Store, in org.NewRegion) int64 {
	t.Helper()
	id, err := s.CreateRegion(context.Background(), in)
	if err != nil {
		t.Fatalf("create region %s: %v", in.Name, err)
	}
	return id
}

func buildWorld(t *testing.T, s *org.Store) world {
	t.Helper()
	var w world
	const from = "2000-01-01"
	w.county = mustRegion(t, s, org.NewRegion{Level: org.LevelCounty, Name: "东山县", Code: "350321000000", From: from})
	w.district = mustRegion(t, s, org.NewRegion{Level: org.LevelDistrict, Name: "河西区", Code: "350302000000", From: from})
	w.town = mustRegion(t, s, org.NewRegion{Level: org.LevelTown, Name: "青石镇", Code: "350321100000", ParentID: w.county, From: from})
	w.v1 = mustRegion(t, s, org.NewRegion{Level: org.LevelVillage, Name: "青石村", Code: "350321100201", ParentID: w.town, From: from})
	w.v2 = mustRegion(t, s, org.NewRegion{Level: org.LevelVillage, Name: "石门村", Code: "350321100202", ParentID: w.town, From: from})
	w.sub = mustRegion(t, s, org.NewRegion{Level: org.LevelSubdistrict, Name: "东城街道", Code: "350302001000", ParentID: w.district, From: from})
	return w
}

// transferWithCodes moves the town into the district on 2026-03-01 with new codes.
func transferWithCodes(w world) org.Transfer {
	return org.Transfer{RegionID: w.town, ToParentID: w.district, Date: "2026-03-01", NewCode: "350302100000",
		VillageCodes: map[int64]string{w.v1: "350302100201", w.v2: "350302100202"}}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
