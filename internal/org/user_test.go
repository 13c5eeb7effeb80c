package org_test

import (
	"context"
	"strings"
	"testing"

	"tongchou/internal/auth"
	"tongchou/internal/org"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/ui"
)

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		w := buildWorld(t, s)
		dept, err := s.CreateUnit(ctx, org.UnitInput{Name: "教育局", Kind: org.KindDepartment})
		if err != nil {
			t.Fatal(err)
		}
		town, err := s.CreateUnit(ctx, org.UnitInput{Name: "青石镇人民政府", Kind: org.KindTown, RegionID: w.town})
		if err != nil {
			t.Fatal(err)
		}
		good := org.UserInput{Username: "zhang.san", Name: "张三", UnitID: dept, ExtraUnits: []int64{town},
			Roles: []auth.Role{auth.RoleLiaison}, Position: "联络员", Phone: "13812341234", StationID: w.town}

		t.Run("CreatedWithOneTimePassword", func(t *testing.T) {
			id, pw, err := s.CreateUser(ctx, good)
			if err != nil {
				t.Fatal(err)
			}
			u, err := s.User(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if u.PhoneMask != "138****1234" || !u.MustChange || len(u.ExtraUnits) != 1 || u.StationID != w.town {
				t.Fatalf("user = %+v", u)
			}
			var hash, enc string
			db.QueryRow(ctx, `SELECT password_hash, phone_enc FROM users WHERE id = ?`, id).Scan(&hash, &enc)
			if !auth.CheckPassword(hash, pw) || strings.Contains(enc, "13812341234") || enc == "" {
				t.Fatalf("password or phone stored badly")
			}
			var after string
			db.QueryRow(ctx, `SELECT after_value FROM audit_log WHERE entity = 'user' AND action = 'create'`).Scan(&after)
			if strings.Contains(after, "13812341234") || strings.Contains(after, "张三") {
				t.Fatalf("audit entry holds personal data: %s", after)
			}
		})

		for _, tc := range []struct {
			name  string
			edit  func(*org.UserInput)
			field string
			key   string
		}{
			{"AdminRoleRefused", func(in *org.UserInput) { in.Roles = []auth.Role{auth.RoleSecAdmin} }, "roles", "org.err.admin_role"},
			{"SysAdminRoleRefused", func(in *org.UserInput) { in.Roles = []auth.Role{auth.RoleSysAdmin} }, "roles", "org.err.admin_role"},
			{"BadPhoneRefused", func(in *org.UserInput) { in.Phone = "12345678901" }, "phone", "org.err.phone"},
			{"ScriptInPhoneRefused", func(in *org.UserInput) { in.Phone = "<script>" }, "phone", "org.err.phone"},
			{"HugeNameRefused", func(in *org.UserInput) { in.Name = strings.Repeat("名", 1<<20) }, "name", "form.too_long"},
			{"BadUsernameRefused", func(in *org.UserInput) { in.Username = "x' OR 1=1 --" }, "username", "org.err.username"},
			{"TakenUsernameRefused", func(in *org.UserInput) {}, "username", "org.err.username_taken"},
			{"MissingUnitRefused", func(in *org.UserInput) { in.Username = "li.si"; in.UnitID = 99999 }, "unit", "org.err.unit_missing"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := good
				tc.edit(&in)
				_, _, err := s.CreateUser(ctx, in)
				if got := ui.AsErrors(err)[tc.field]; got != tc.key {
					t.Fatalf("CreateUser = %v, want %s=%s", err, tc.field, tc.key)
				}
			})
		}

		t.Run("LandlineAccepted", func(t *testing.T) {
			in := good
			in.Username, in.Phone = "wang.wu", "0591-87654321"
			if _, _, err := s.CreateUser(ctx, in); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("EditKeepsAdminRoles", func(t *testing.T) {
			var id int64
			db.QueryRow(ctx, `SELECT id FROM users WHERE username = 'wang.wu'`).Scan(&id)
			db.Exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, id)
			db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, 'auditor')`, id)
			in := good
			in.Roles = nil
			in.Phone = ""
			if err := s.UpdateUser(ctx, id, in); err != nil {
				t.Fatal(err)
			}
			u, _ := s.User(ctx, id)
			if len(u.Roles) != 1 || u.Roles[0] != auth.RoleAuditor || u.PhoneMask != "059****4321" {
				t.Fatalf("after edit = %+v", u)
			}
			in.Roles = []auth.Role{auth.RoleLiaison}
			if err := s.UpdateUser(ctx, id, in); ui.AsErrors(err)["roles"] != "org.err.role_conflict" {
				t.Fatalf("business role on an auditor = %v, want role conflict", err)
			}
		})

		t.Run("AdminAccountLeftToSecurityAdmin", func(t *testing.T) {
			var id int64
			db.QueryRow(ctx, `SELECT id FROM users WHERE username = 'wang.wu'`).Scan(&id) // made an auditor above
			if err := s.SetDisabled(ctx, 0, id, true); ui.AsErrors(err)["disabled"] != "org.err.admin_account" {
				t.Fatalf("disabling the auditor = %v, want refused", err)
			}
			if u, _ := s.User(ctx, id); u.Disabled {
				t.Fatal("the auditor was disabled")
			}
		})

		t.Run("DisableAndEnable", func(t *testing.T) {
			liaison := good
			liaison.Username, liaison.Phone = "li.si", ""
			id, _, err := s.CreateUser(ctx, liaison)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetDisabled(ctx, id, id, true); !ui.IsInvalid(err) {
				t.Fatalf("disabling oneself = %v, want refused", err)
			}
			if err := s.SetDisabled(ctx, 0, id, true); err != nil {
				t.Fatal(err)
			}
			if u, _ := s.User(ctx, id); !u.Disabled {
				t.Fatal("not disabled")
			}
			if err := s.SetDisabled(ctx, 0, id, false); err != nil {
				t.Fatal(err)
			}
			if u, _ := s.User(ctx, id); u.Disabled {
				t.Fatal("not enabled")
			}
		})
	})
}

func TestUnitsRefuseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newStore(t, db)
		id, err := s.CreateUnit(ctx, org.UnitInput{Name: "教育局", Kind: org.KindDepartment})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			in    org.UnitInput
			field string
			key   string
		}{
			{"Empty", org.UnitInput{Kind: org.KindDepartment}, "name", "form.required"},
			{"Huge", org.UnitInput{Name: strings.Repeat("局", 1<<20), Kind: org.KindDepartment}, "name", "form.too_long"},
			{"Duplicate", org.UnitInput{Name: "教育局", Kind: org.KindDepartment}, "name", "org.err.unit_name_taken"},
			{"BadKind", org.UnitInput{Name: "新局", Kind: "<b>"}, "kind", "org.err.kind"},
			{"MissingParent", org.UnitInput{Name: "新局", Kind: org.KindDepartment, ParentID: 9999}, "parent", "org.err.parent_missing"},
			{"MissingRegion", org.UnitInput{Name: "新局", Kind: org.KindDepartment, RegionID: 9999}, "region", "org.err.region_missing"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.CreateUnit(ctx, tc.in)
				if got := ui.AsErrors(err)[tc.field]; got != tc.key {
					t.Fatalf("CreateUnit = %v, want %s=%s", err, tc.field, tc.key)
				}
			})
		}
		if err := s.UpdateUnit(ctx, id, org.UnitInput{Name: "教育局", Kind: org.KindDepartment, ParentID: id}, true); ui.AsErrors(err)["parent"] != "org.err.parent_self" {
			t.Fatalf("own parent = %v", err)
		}
		if err := s.UpdateUnit(ctx, id, org.UnitInput{Name: "区教育局", Kind: org.KindDepartment}, false); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.Unit(ctx, id); u.Name != "区教育局" || u.Active {
			t.Fatalf("after update = %+v", u)
		}
	})
}
