package demo

import (
	"context"
	"fmt"

	"tongchou/internal/org"
	"tongchou/internal/store"
)

// TransferDate is the day 青石镇 and 柳溪乡 joined 河西区.
const TransferDate = "2026-03-01"

// since is when the demo's divisions begin.
const since = "2000-01-01"

type town struct {
	name, code, newCode string
	level               org.Level
	unit                string // the government's unit name
	unitKind            org.Kind
	villages            []string
}

// The three sub-districts of 河西区 (4 communities each) and the two units
// that came from 东山县 (village codes 2xx as the release gives 村委会).
var subdistricts = []town{
	{"东城街道", "350302001000", "", org.LevelSubdistrict, "东城街道办事处", org.KindSubdistrict, []string{"东门社区", "鼓楼社区", "文昌社区", "朝阳社区"}},
	{"西城街道", "350302002000", "", org.LevelSubdistrict, "西城街道办事处", org.KindSubdistrict, []string{"西湖社区", "金桥社区", "玉泉社区", "安平社区"}},
	{"南湖街道", "350302003000", "", org.LevelSubdistrict, "南湖街道办事处", org.KindSubdistrict, []string{"南湖社区", "荷塘社区", "滨江社区", "新华社区"}},
}

var movedTowns = []town{
	{"青石镇", "350321100000", "350302100000", org.LevelTown, "青石镇人民政府", org.KindTown,
		[]string{"青石村", "石门村", "上坪村", "下坪村", "龙潭村", "竹林村"}},
	{"柳溪乡", "350321200000", "350302200000", org.LevelTownship, "柳溪乡人民政府", org.KindTownship,
		[]string{"柳溪村", "桃源村", "白沙村", "杏花村", "溪口村"}},
}

// regionIDs maps region names to ids.
type regionIDs map[string]int64

// loadRegions creates the county and the district with their divisions and
// carries out the 2026-03-01 transfer with the new codes through org's
// transfer, so the demo exercises it.
func loadRegions(ctx context.Context, tx *store.Tx, s *org.Store) (regionIDs, error) {
	ids := regionIDs{}
	add := func(level org.Level, name, code, parent string) error {
		id, err := s.CreateRegionIn(ctx, tx, org.NewRegion{Level: level, Name: name, Code: code, ParentID: ids[parent], From: since})
		if err != nil {
			return fmt.Errorf("demo region %s: %w", name, err)
		}
		ids[name] = id
		return nil
	}
	if err := add(org.LevelCounty, "东山县", "350321000000", ""); err != nil {
		return nil, err
	}
	if err := add(org.LevelDistrict, "河西区", "350302000000", ""); err != nil {
		return nil, err
	}
	for _, list := range [][]town{subdistricts, movedTowns} {
		for _, t := range list {
			parent := "河西区"
			if t.newCode != "" {
				parent = "东山县"
			}
			if err := add(t.level, t.name, t.code, parent); err != nil {
				return nil, err
			}
			child := org.LevelCommunity
			if t.newCode != "" {
				child = org.LevelVillage
			}
			for i, v := range t.villages {
				if err := add(child, v, villageCode(t.code, i, t.newCode != ""), t.name); err != nil {
					return nil, err
				}
			}
		}
	}
	return ids, transferTowns(ctx, tx, s, ids)
}

// villageCode numbers villages 201… and communities 001… under a town code.
func villageCode(townCode string, i int, village bool) string {
	base := 1
	if village {
		base = 201
	}
	return fmt.Sprintf("%s%03d", townCode[:9], base+i)
}

func transferTowns(ctx context.Context, tx *store.Tx, s *org.Store, ids regionIDs) error {
	for _, t := range movedTowns {
		tr := org.Transfer{RegionID: ids[t.name], ToParentID: ids["河西区"], Date: TransferDate, NewCode: t.newCode,
			VillageCodes: map[int64]string{}}
		for i, v := range t.villages {
			tr.VillageCodes[ids[v]] = villageCode(t.newCode, i, true)
		}
		if _, err := s.ApplyTransferIn(ctx, tx, tr); err != nil {
			return fmt.Errorf("demo transfer %s: %w", t.name, err)
		}
	}
	return nil
}
