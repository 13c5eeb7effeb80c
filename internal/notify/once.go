package notify

import (
	"context"
	"database/sql"
	"errors"

	"tongchou/internal/store"
)

// insertOnce runs an INSERT … ON CONFLICT DO NOTHING and returns the new id,
// or 0 when the row was already there.
func insertOnce(ctx context.Context, tx *store.Tx, q string, args ...any) (int64, error) {
	id, err := store.InsertID(ctx, tx, q, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
