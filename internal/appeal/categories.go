package appeal

import (
	"context"
	"fmt"

	"tongchou/internal/store"
)

// Category is an appeal category (就业, 住房 …) with its default time-limit class.
type Category struct {
	ID     int64
	Name   string
	NameEn string
	Class  string
	Seq    int
	Active bool
}

// Label is the category's name in lang (the Chinese name when no English one).
func (c Category) Label(lang string) string {
	if lang == "en" && c.NameEn != "" {
		return c.NameEn
	}
	return c.Name
}

// Categories lists the active categories in display order.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	return categories(ctx, s.db, true)
}

// AllCategories lists every category, inactive ones included (the admin page).
func (s *Store) AllCategories(ctx context.Context) ([]Category, error) {
	return categories(ctx, s.db, false)
}

func categories(ctx context.Context, q store.Querier, activeOnly bool) ([]Category, error) {
	query := `SELECT id, name, name_en, class, seq, active FROM appeal_categories`
	if activeOnly {
		query += ` WHERE active = TRUE`
	}
	rows, err := q.Query(ctx, query+` ORDER BY seq, id`)
	if err != nil {
		return nil, fmt.Errorf("list appeal categories: %w", err)
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.Name, &c.NameEn, &c.Class, &c.Seq, &c.Active); err != nil {
			return nil, fmt.Errorf("scan appeal category: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// categoryClass is the default class of an active category; an unknown or
// inactive one is store.ErrNotFound.
func categoryClass(ctx context.Context, q store.Querier, id int64) (string, error) {
	var class string
	err := q.QueryRow(ctx, `SELECT class FROM appeal_categories WHERE id = ? AND active = TRUE`, id).Scan(&class)
	return class, store.NotFound(err, "appeal category")
}
