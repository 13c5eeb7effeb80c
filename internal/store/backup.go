package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrPostgresBackup explains that PostgreSQL is backed up with its own tools.
var ErrPostgresBackup = errors.New("backup and restore are for SQLite; back up PostgreSQL with pg_dump and restore with pg_restore")

// ErrNotBackup is returned when a file offered to restore is not an intact
// Tongchou database; nothing is changed.
var ErrNotBackup = errors.New("not a Tongchou backup")

// IsSQLite reports whether url names an SQLite database.
func IsSQLite(url string) bool { return strings.HasPrefix(url, "sqlite:") }

// Backup writes a consistent online copy of the SQLite database to path. It
// runs while the server serves: VACUUM INTO reads one snapshot.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return ErrPostgresBackup
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup file %s exists already; choose a new name", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("create backup folder: %w", err)
		}
	}
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Restore checks that file is an intact Tongchou SQLite database and puts it
// in place of the database at url. The database it replaces is kept beside it
// as PATH.pre-restore-TIME. The server must be stopped first.
func Restore(ctx context.Context, url, file string) error {
	if !IsSQLite(url) {
		return ErrPostgresBackup
	}
	if err := checkBackup(ctx, file); err != nil {
		return err
	}
	dst := strings.TrimPrefix(url, "sqlite:")
	if same(file, dst) {
		return fmt.Errorf("backup %s is the database itself", file)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	tmp := dst + ".restore"
	if err := copyFile(file, tmp); err != nil {
		return err
	}
	if err := keepOld(ctx, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("put backup in place: %w", err)
	}
	return nil
}

// keepOld folds the write-ahead log into the current database and moves it
// aside, so a restore over the wrong file can be undone.
func keepOld(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if db, err := sql.Open("sqlite", "file:"+dst); err == nil {
		db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		db.Close()
	}
	old := dst + ".pre-restore-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(dst, old); err != nil {
		return fmt.Errorf("keep the current database: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", dst+suffix, err)
		}
	}
	return nil
}

func same(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

var sqliteHeader = []byte("SQLite format 3\x00")

// checkBackup reads the file header, then opens file read-only and runs
// SQLite's integrity check and looks for the Tongchou schema at a version this
// program knows.
func checkBackup(ctx context.Context, file string) error {
	head := make([]byte, len(sqliteHeader))
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("%s is not an SQLite database file: %w", file, ErrNotBackup)
	}
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("%s is not a readable SQLite database (%v): %w", file, err, ErrNotBackup)
	}
	if result != "ok" {
		return fmt.Errorf("%s failed the integrity check (%s): %w", file, result, ErrNotBackup)
	}
	var version int64
	if err := db.QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version").Scan(&version); err != nil || version == 0 {
		return fmt.Errorf("%s has no Tongchou schema: %w", file, ErrNotBackup)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('users', 'units', 'audit_log', 'audit_head')`).Scan(&tables); err != nil || tables != 4 {
		return fmt.Errorf("%s lacks the Tongchou tables: %w", file, ErrNotBackup)
	}
	if known := latestMigration(); version > known {
		return fmt.Errorf("%s is from a newer Tongchou (schema %d, this program knows %d); restore it with that version", file, version, known)
	}
	return nil
}

// latestMigration is the highest embedded migration number.
func latestMigration() int64 {
	files, _ := fs.ReadDir(migrations, "migrations")
	var v int64
	for _, f := range files {
		n, _, _ := strings.Cut(f.Name(), "_")
		if x, err := strconv.ParseInt(n, 10, 64); err == nil && x > v {
			v = x
		}
	}
	return v
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
