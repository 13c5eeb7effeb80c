package audit

import (
	"context"
	"testing"

	"tongchou/internal/store"
)

// Canonical exposes the hashed bytes so tests can recompute a chain the way an
// attacker would.
func (r Row) Canonical() []byte { return r.canonical() }

// ReadRows returns every stored entry in id order.
func ReadRows(t testing.TB, db *store.DB) []Row {
	t.Helper()
	rows, err := db.Query(context.Background(), "SELECT "+rowColumns+" FROM audit_log ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// SetExportLimit lowers the export cap so a test can reach it.
func (p *Pages) SetExportLimit(n int) { p.limit = n }
