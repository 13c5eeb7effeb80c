// Package demo loads the fictional district of the design: 河西区 with three
// sub-districts, 青石镇 and 柳溪乡 transferred from 东山县 on 2026-03-01, about
// 25 units and an account for every role.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/crypt"
	"tongchou/internal/org"
	"tongchou/internal/store"
)

// Deps is what loading needs.
type Deps struct {
	DB    *store.DB
	Audit *audit.Log
	Suite crypt.Suite
	Now   func() time.Time
}

// Account is a demo login.
type Account struct {
	Username string
	Label    string
}

type demoUser struct {
	username, name, unit, position, phone string
	roles                                 []auth.Role
	station                               string // region the user is stationed in
}

var units = []struct{ name, kind string }{
	// District departments and organisations; the governments and committees
	// of the divisions are added from regions.go with their regions.
	{"区委办公室", "department"}, {"区政府办公室", "department"}, {"区委督查室", "department"},
	{"区委宣传部", "department"}, {"区融媒体中心", "department"}, {"发展和改革局", "department"},
	{"工业和信息化局", "department"}, {"商务局", "department"}, {"自然资源分局", "department"},
	{"住房和城乡建设局", "department"}, {"教育局", "department"}, {"卫生健康局", "department"},
	{"人力资源和社会保障局", "department"}, {"民政局", "department"}, {"农业农村局", "department"},
	{"财政局", "department"}, {"信访局", "department"}, {"城市管理局", "department"},
	{"河西区大数据中心", "department"},
	{"河西区志愿服务联合会", "organisation"}, {"河西区乡贤促进会", "organisation"},
}

var users = []demoUser{
	{"admin", "王建国", "河西区大数据中心", "系统管理员", "13800000001", []auth.Role{auth.RoleSysAdmin}, ""},
	{"security", "李安", "河西区大数据中心", "安全管理员", "13800000002", []auth.Role{auth.RoleSecAdmin}, ""},
	{"auditor", "赵审", "区委办公室", "审计管理员", "13800000003", []auth.Role{auth.RoleAuditor}, ""},
	{"ducha", "陈督", "区委督查室", "督查室副主任", "13800000004", []auth.Role{auth.RoleOffice}, ""},
	{"leader", "刘正", "区委办公室", "区委常委、副区长（驻青石镇）", "13800000005", []auth.Role{auth.RoleLeader}, "青石镇"},
	{"jiaoyu", "孙教", "教育局", "办公室联络员", "13800000006", []auth.Role{auth.RoleLiaison}, ""},
	{"qingshi", "周青", "青石镇人民政府", "党政办联络员", "13800000007", []auth.Role{auth.RoleLiaison}, ""},
	{"jiaoyu_head", "郑局", "教育局", "局长", "13800000008", []auth.Role{auth.RoleUnitHead}, ""},
}

// Load fills an empty database with the demo district and returns the accounts.
func Load(ctx context.Context, d Deps, password string) ([]Account, error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	var out []Account
	err = d.DB.InTx(ctx, func(tx *store.Tx) error {
		now := d.Now().UTC()
		s := org.New(d.DB, d.Audit, d.Suite, d.Now)
		regions, err := loadRegions(ctx, tx, s)
		if err != nil {
			return err
		}
		unitIDs, err := loadUnits(ctx, tx, s, regions)
		if err != nil {
			return err
		}
		for _, u := range users {
			phone, err := d.Suite.Seal([]byte(u.phone))
			if err != nil {
				return err
			}
			// Demo accounts skip the forced first change so the demo opens straight away.
			id, err := store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, position, phone_enc, phone_mask,
				password_hash, password_changed_at, must_change, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				u.username, u.name, unitIDs[u.unit], u.position, phone, audit.MaskPhone(u.phone), hash, now, false, now, now)
			if err != nil {
				return fmt.Errorf("demo user %s: %w", u.username, err)
			}
			if u.station != "" {
				if _, err := tx.Exec(ctx, `INSERT INTO user_stations (user_id, region_id) VALUES (?, ?)`, id, regions[u.station]); err != nil {
					return err
				}
			}
			for _, r := range u.roles {
				if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, r); err != nil {
					return err
				}
			}
			out = append(out, Account{Username: u.username, Label: u.position + " · " + u.unit})
		}
		seeded, err := LoadTasks(ctx, tx, d, unitIDs)
		if err != nil {
			return fmt.Errorf("demo tasks: %w", err)
		}
		if err := LoadInstructions(ctx, tx, d, seeded); err != nil {
			return fmt.Errorf("demo instructions: %w", err)
		}
		if err := LoadReports(ctx, tx, d, seeded, unitIDs, hash); err != nil {
			return fmt.Errorf("demo reports: %w", err)
		}
		if err := LoadAppeals(ctx, tx, d, unitIDs); err != nil {
			return fmt.Errorf("demo appeals: %w", err)
		}
		if err := LoadMeetings(ctx, tx, d, seeded.CampaignID, unitIDs); err != nil {
			return fmt.Errorf("demo meetings: %w", err)
		}
		if err := LoadBriefings(ctx, tx, d, seeded.CampaignID); err != nil {
			return fmt.Errorf("demo briefings: %w", err)
		}
		if err := LoadSurveys(ctx, tx, d, seeded.CampaignID); err != nil {
			return fmt.Errorf("demo surveys: %w", err)
		}
		if err := LoadBulletins(ctx, tx, d, seeded.CampaignID); err != nil {
			return fmt.Errorf("demo bulletins: %w", err)
		}
		return d.Audit.Record(ctx, tx, audit.Entry{Entity: "demo", EntityID: "1", Action: "load",
			After: map[string]any{"units": len(unitIDs), "users": len(users), "regions": len(regions)}})
	})
	return out, err
}

// loadUnits adds the departments and organisations, then each division's
// government or office with its region and, under the town and township
// governments, a committee for every village.
func loadUnits(ctx context.Context, tx *store.Tx, s *org.Store, regions regionIDs) (map[string]int64, error) {
	ids := map[string]int64{}
	add := func(in org.UnitInput) error {
		id, err := s.CreateUnitIn(ctx, tx, in)
		if err != nil {
			return fmt.Errorf("demo unit %s: %w", in.Name, err)
		}
		ids[in.Name] = id
		return nil
	}
	for _, u := range units {
		if err := add(org.UnitInput{Name: u.name, Kind: org.Kind(u.kind)}); err != nil {
			return nil, err
		}
	}
	for _, list := range [][]town{subdistricts, movedTowns} {
		for _, t := range list {
			if err := add(org.UnitInput{Name: t.unit, Kind: t.unitKind, RegionID: regions[t.name]}); err != nil {
				return nil, err
			}
			if t.newCode == "" {
				continue // communities of the sub-districts have no units in the demo
			}
			for _, v := range t.villages {
				name := strings.TrimSuffix(v, "村") + "村村民委员会"
				if err := add(org.UnitInput{Name: name, Kind: org.KindVillage, ParentID: ids[t.unit], RegionID: regions[v]}); err != nil {
					return nil, err
				}
			}
		}
	}
	return ids, nil
}
