package task

import (
	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// scopeWhere is the SQL condition (on alias t) for the tasks p may see: all
// for the office and leaders; for everyone else the tasks one of their units
// leads or co-handles (the union for 兼职, never more); nothing for accounts
// without a business role.
func scopeWhere(p *auth.Principal) (string, []any) {
	switch {
	case p.SeesAllUnits():
		return "1 = 1", nil
	case !p.HasBusinessRole() || len(p.Units) == 0:
		return "1 = 0", nil
	}
	in := store.Placeholders(len(p.Units))
	args := append(store.IDArgs(p.Units), store.IDArgs(p.Units)...)
	return `(t.lead_unit_id IN (` + in + `) OR EXISTS (SELECT 1 FROM task_co_units cu WHERE cu.task_id = t.id AND cu.unit_id IN (` + in + `)))`, args
}

// sees reports whether p may see t (the same rule as scopeWhere, in Go).
func sees(p *auth.Principal, t *Task) bool {
	switch {
	case p.SeesAllUnits():
		return true
	case !p.HasBusinessRole():
		return false
	}
	for _, u := range p.Units {
		if u == t.LeadUnitID || t.HasCoUnit(u) {
			return true
		}
	}
	return false
}
