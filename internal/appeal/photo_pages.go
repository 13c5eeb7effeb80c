package appeal

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Photo is one of an appeal's photos (staff only; never on the portal).
type Photo struct {
	ID          int64
	ContentType string
	Size        int64
	sha256      string
}

// Photos lists the appeal's photos (scope checked by the caller's Get).
func (s *Store) Photos(ctx context.Context, id int64) ([]Photo, error) {
	rows, err := s.db.Query(ctx, `SELECT id, content_type, size, sha256 FROM appeal_photos WHERE appeal_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("appeal photos: %w", err)
	}
	defer rows.Close()
	var out []Photo
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.ID, &p.ContentType, &p.Size, &p.sha256); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Photo is GET /appeals/{id}/photos/{photo}: the re-encoded image, for staff
// who may see the appeal.
func (h *Pages) Photo(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	pid, err := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	if _, err := h.s.Get(r.Context(), auth.From(r.Context()), id); err != nil {
		return err
	}
	photos, err := h.s.Photos(r.Context(), id)
	if err != nil {
		return err
	}
	for _, p := range photos {
		if p.ID != pid || h.s.files == nil {
			continue
		}
		f, err := h.s.files.Open(p.sha256)
		if err != nil {
			return err
		}
		defer f.Close()
		w.Header().Set("Content-Type", p.ContentType) // only image/png or image/jpeg, re-encoded on intake
		w.Header().Set("Content-Length", strconv.FormatInt(p.Size, 10))
		w.Header().Set("Cache-Control", "private, no-store")
		_, err = io.Copy(w, f)
		return err
	}
	return store.ErrNotFound
}
