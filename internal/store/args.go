package store

import "strings"

// NullID is an optional reference's value for a query: 0 (none) is NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Placeholders is "?, ?, ?" for n values in an IN list; for none it is NULL,
// so "x IN (NULL)" matches nothing instead of being a syntax error.
func Placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// IDArgs converts ids to a query's arguments.
func IDArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
