package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrPostgresBackup explains that PostgreSQL is backed up with its own tools.
var ErrPostgresBackup = errors.New("backup and restore are for SQLite; back up PostgreSQL with pg_dump and restore with pg_restore")

// Backup writes a consistent online copy of the SQLite database to path.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return ErrPostgresBackup
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup file %s exists already", path)
	}
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Restore checks that file is an intact Tongchou SQLite database and copies it
// over the database at url. The server must be stopped first.
func Restore(ctx context.Context, url, file string) error {
	if !strings.HasPrefix(url, "sqlite:") {
		return ErrPostgresBackup
	}
	if err := checkBackup(ctx, file); err != nil {
		return err
	}
	dst := strings.TrimPrefix(url, "sqlite:")
	tmp := dst + ".restore"
	if err := copyFile(file, tmp); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", dst+suffix, err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("put backup in place: %w", err)
	}
	return nil
}

// checkBackup opens file read-only and runs SQLite's integrity check and a
// look for the migration table.
func checkBackup(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("backup %s is not a readable SQLite database: %w", file, err)
	}
	if result != "ok" {
		return fmt.Errorf("backup %s failed the integrity check: %s", file, result)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM goose_db_version").Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("backup %s is not a Tongchou database", file)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy backup: %w", err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("sync %s: %w", dst, err)
	}
	return out.Close()
}
