package bulletin

import (
	"context"
	"database/sql"
	"fmt"

	"tongchou/internal/store"
)

// scanner is one row being read.
type scanner interface{ Scan(...any) error }

// eachRow runs query and calls fn on every row.
func eachRow(ctx context.Context, q store.Querier, query string, args []any, fn func(scanner) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("scan: %w", err)
		}
	}
	return rows.Err()
}

var _ scanner = (*sql.Rows)(nil)
