package task

import "context"

// decorate fills what lists show beside the stored fields: the lights,
// computed from the progress-report side of the package (light_store.go).
func (s *Store) decorate(ctx context.Context, ts []Task) error {
	return s.fillLights(ctx, ts)
}
