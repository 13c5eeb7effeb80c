package files

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// Record adds the files row for an upload of b by user, in the caller's
// transaction, with its audit entry.
func (s *Store) Record(ctx context.Context, tx *store.Tx, b Blob, user int64) (File, error) {
	f := File{SHA256: b.SHA256, Size: b.Size, ContentType: b.ContentType, OriginalName: b.Name,
		UploadedBy: user, UploadedAt: s.now().UTC()}
	id, err := store.InsertID(ctx, tx, `INSERT INTO files (sha256, size, content_type, original_name, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, f.SHA256, f.Size, f.ContentType, f.OriginalName, f.UploadedBy, f.UploadedAt)
	if err != nil {
		return File{}, fmt.Errorf("record file: %w", err)
	}
	f.ID = id
	return f, s.audit.Record(ctx, tx, audit.Entry{Entity: "file", EntityID: strconv.FormatInt(id, 10), Action: "upload",
		After: map[string]any{"sha256": f.SHA256, "size": f.Size, "content_type": f.ContentType, "name": f.OriginalName}})
}

// Get reads the files row id; a missing one is store.ErrNotFound. It does
// not check who may see it: the feature owning the attachment does that.
func Get(ctx context.Context, q store.Querier, id int64) (File, error) {
	var f File
	err := q.QueryRow(ctx, `SELECT id, sha256, size, content_type, original_name, uploaded_by, uploaded_at FROM files WHERE id = ?`, id).
		Scan(&f.ID, &f.SHA256, &f.Size, &f.ContentType, &f.OriginalName, &f.UploadedBy, &f.UploadedAt)
	return f, store.NotFound(err, "file")
}

// Open opens the blob with the given hash for reading. A malformed hash is
// store.ErrNotFound, so no path outside the folder can be named.
func (s *Store) Open(hash string) (*os.File, error) {
	if !validHash(hash) {
		return nil, fmt.Errorf("blob %q: %w", hash, store.ErrNotFound)
	}
	f, err := os.Open(s.path(hash))
	if os.IsNotExist(err) {
		return nil, fmt.Errorf("blob %s: %w", hash, store.ErrNotFound)
	}
	return f, err
}

// path is the blob's place: ab/cd/abcd….
func (s *Store) path(hash string) string {
	return filepath.Join(s.dir, hash[:2], hash[2:4], hash)
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
