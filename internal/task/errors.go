package task

import (
	"fmt"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// forbidden wraps ui.ErrForbidden with the action refused.
func forbidden(a Action) error { return fmt.Errorf("%s: %w", a, ui.ErrForbidden) }

// errNotFound is err when it is one, else a plain not-found (a parent of
// another campaign is simply not there).
func errNotFound(err error) error {
	if err != nil {
		return err
	}
	return store.ErrNotFound
}
