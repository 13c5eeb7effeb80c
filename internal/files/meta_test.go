package files_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

func TestRecordAndGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC) }
		suite, err := crypt.New("std", crypt.GenerateKeys())
		if err != nil {
			t.Fatal(err)
		}
		s := files.New(filepath.Join(t.TempDir(), "files"), db, audit.New(db, suite, now), now)
		var user int64
		err = db.InTx(ctx, func(tx *store.Tx) error {
			unit, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES ('教育局', 'department', ?)`, now())
			if err != nil {
				return err
			}
			user, err = store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
				VALUES ('jiaoyu', '李四', ?, 'x', ?, ?)`, unit, now(), now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, name := range []string{"方案.pdf", "方案（副本）.pdf"} {
			b, err := s.Put(bytes.NewReader(samplePDF), name, 0)
			if err != nil {
				t.Fatal(err)
			}
			err = db.InTx(ctx, func(tx *store.Tx) error {
				f, err := s.Record(ctx, tx, b, user)
				ids = append(ids, f.ID)
				return err
			})
			if err != nil {
				t.Fatalf("record: %v", err)
			}
		}
		f, err := files.Get(ctx, db, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if f.OriginalName != "方案（副本）.pdf" || f.ContentType != "application/pdf" || f.UploadedBy != user ||
			f.Size != int64(len(samplePDF)) || !f.UploadedAt.Equal(now()) {
			t.Fatalf("Get = %+v", f)
		}
		var rows, audits int
		db.QueryRow(ctx, `SELECT COUNT(DISTINCT sha256) FROM files`).Scan(&rows)
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'file' AND action = 'upload'`).Scan(&audits)
		if rows != 1 || audits != 2 {
			t.Fatalf("distinct hashes %d, audit entries %d; want 1 and 2", rows, audits)
		}
		if _, err := files.Get(ctx, db, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get(missing) = %v, want not found", err)
		}
	})
}
