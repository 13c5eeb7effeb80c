package appealstat

import (
	"context"
	"fmt"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// LoadSettings reads the office's settings; without stored ones, the defaults.
func LoadSettings(ctx context.Context, q store.Querier) (Settings, error) {
	rows, err := q.Query(ctx, `SELECT key, value FROM appealstat_settings`)
	if err != nil {
		return Settings{}, fmt.Errorf("read rate settings: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Settings{}, err
		}
		m[k] = v
	}
	if err := rows.Err(); err != nil {
		return Settings{}, err
	}
	return settingsFrom(m), nil
}

// SaveSettings stores s, audited in the same transaction.
func SaveSettings(ctx context.Context, db *store.DB, log *audit.Log, s Settings, now time.Time) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		before, err := LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		for _, k := range settingKeys {
			if _, err := tx.Exec(ctx, `INSERT INTO appealstat_settings (key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				k, s.values()[k], now.UTC()); err != nil {
				return fmt.Errorf("save rate setting %s: %w", k, err)
			}
		}
		return log.Record(ctx, tx, audit.Entry{Entity: "appealstat_settings", EntityID: "rates", Action: "update",
			Before: before, After: s})
	})
}
