package org

import (
	"context"
	"fmt"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Member is a person listed in a unit's directory entry (phone masked).
type Member struct {
	Name      string
	Position  string
	PhoneMask string
	PartTime  bool // serves the unit besides their own (兼职)
}

// DirectoryUnits lists the active units within p's data scope that match
// query (name, pinyin initials or pinyin; empty matches all): every unit for
// the office and leaders, the user's own units (兼职 included) for everyone else.
func (s *Store) DirectoryUnits(ctx context.Context, p *auth.Principal, query string) ([]Unit, error) {
	all, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	var out []Unit
	for _, u := range all {
		if u.Active && u.Kind != KindSystem && p.InScope(u.ID) && matchUnit(u.Name, query) {
			out = append(out, u)
		}
	}
	return out, nil
}

// DirectoryUnit returns a unit in p's scope with its members; a unit outside
// the scope is not found, exactly like a unit that does not exist.
func (s *Store) DirectoryUnit(ctx context.Context, p *auth.Principal, id int64) (Unit, []Member, error) {
	if !p.InScope(id) {
		return Unit{}, nil, fmt.Errorf("unit %d outside scope: %w", id, store.ErrNotFound)
	}
	u, err := s.Unit(ctx, id)
	if err != nil {
		return u, nil, err
	}
	if u.Kind == KindSystem {
		return Unit{}, nil, fmt.Errorf("unit %d: %w", id, store.ErrNotFound)
	}
	rows, err := s.db.Query(ctx, `SELECT u.name, u.position, u.phone_mask, u.unit_id <> ? FROM users u
		WHERE u.disabled = ? AND (u.unit_id = ? OR u.id IN (SELECT user_id FROM user_units WHERE unit_id = ?))
		AND u.id NOT IN (SELECT user_id FROM user_roles WHERE role IN ('sysadmin', 'secadmin', 'auditor'))
		ORDER BY u.unit_id <> ?, u.id`, id, false, id, id, id)
	if err != nil {
		return u, nil, fmt.Errorf("unit members: %w", err)
	}
	defer rows.Close()
	var members []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.Name, &m.Position, &m.PhoneMask, &m.PartTime); err != nil {
			return u, nil, fmt.Errorf("scan member: %w", err)
		}
		members = append(members, m)
	}
	return u, members, rows.Err()
}
