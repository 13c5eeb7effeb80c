package files

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// Put streams r to a temporary file while hashing it, refuses it when it is
// over limit (DefaultLimit when limit <= 0), empty, of a type outside the
// allow-list or named with an extension its content contradicts, and
// otherwise moves it to its content address (fsynced, then renamed). An
// identical content already stored is kept and the new copy dropped. A
// refused upload leaves nothing behind.
func (s *Store) Put(r io.Reader, name string, limit int64) (Blob, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	name = CleanName(name)
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return Blob{}, fmt.Errorf("files folder: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".upload-*")
	if err != nil {
		return Blob{}, fmt.Errorf("temporary file: %w", err)
	}
	kept := false
	defer func() {
		if !kept {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if err != nil {
		var cut *http.MaxBytesError // the handler's bound on the request body
		if errors.As(err, &cut) {
			return Blob{}, ErrTooLarge
		}
		return Blob{}, fmt.Errorf("receive %q: %w", name, err)
	}
	switch {
	case n > limit:
		return Blob{}, ErrTooLarge
	case n == 0:
		return Blob{}, ErrEmpty
	}
	ctype, err := detect(tmp, n, name)
	if err != nil {
		return Blob{}, err
	}
	b := Blob{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, ContentType: ctype, Name: name}
	if err := tmp.Sync(); err != nil {
		return Blob{}, fmt.Errorf("sync upload: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Blob{}, fmt.Errorf("close upload: %w", err)
	}
	dst := s.path(b.SHA256)
	if _, err := os.Stat(dst); err == nil {
		return b, nil // the same content is stored already: the deferred clean-up drops the copy
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Blob{}, fmt.Errorf("blob folder: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Blob{}, fmt.Errorf("store blob: %w", err)
	}
	kept = true
	return b, syncDir(filepath.Dir(dst))
}

// syncDir makes a rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open blob folder: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync blob folder: %w", err)
	}
	return nil
}
