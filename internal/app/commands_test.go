package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tongchou/internal/app"
	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// run runs the program with args and returns what it printed.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &app.Main{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" },
		Now: func() time.Time { return time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC) }}
	err := m.Run(context.Background(), args)
	return out.String() + errOut.String(), err
}

// seed opens the app on url (creating the key file), records n audit entries
// and closes it again.
func seed(t *testing.T, url, keyFile string, n int) {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DB: url, KeyFile: keyFile, Crypto: "std", SQLiteSync: "OFF"}, time.Now)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	defer a.Close()
	for i := 1; i <= n; i++ {
		if err := a.DB.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, "motto", fmt.Sprint("v", i)); err != nil {
				return err
			}
			return a.Audit.Record(ctx, tx, audit.Entry{Entity: "setting", EntityID: "motto", Action: "update", After: i})
		}); err != nil {
			t.Fatalf("seed entry %d: %v", i, err)
		}
	}
}

// rawExec changes the database behind the program's back, as an intruder would.
func rawExec(t *testing.T, url, q string, args ...any) {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Raw().Exec(db.Dialect().Rebind(q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

var headLine = regexp.MustCompile(`head: entry (\d+) hash ([0-9a-f]{64})`)

func TestAuditVerifyCommand(t *testing.T) {
	for _, engine := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "t.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresURL(t) }},
	} {
		t.Run(engine.name, func(t *testing.T) {
			url := engine.url(t)
			kf := filepath.Join(t.TempDir(), "tongchou.key")
			seed(t, url, kf, 5)
			out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf)
			m := headLine.FindStringSubmatch(out)
			if err != nil || !strings.Contains(out, "audit chain OK: 5 entries") || m == nil || m[1] != "5" {
				t.Fatalf("intact chain: err %v, output:\n%s", err, out)
			}
			recorded := m[1] + ":" + m[2]
			t.Run("RecordedHeadMatches", func(t *testing.T) {
				if out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf, "--head", recorded); err != nil {
					t.Fatalf("verify --head %s: %v\n%s", recorded, err, out)
				}
			})
			t.Run("BadRecordedHeadRefused", func(t *testing.T) {
				if _, err := run(t, "audit", "verify", "--db", url, "--key-file", kf, "--head", "five"); err == nil ||
					!strings.Contains(err.Error(), "ENTRY:HASH") {
					t.Fatalf("verify --head five = %v, want a usage message", err)
				}
			})
			t.Run("EditedEntryNamed", func(t *testing.T) {
				rawExec(t, url, "UPDATE audit_log SET after_value = '99' WHERE id = 3")
				out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf)
				if err == nil || !strings.Contains(out, "BROKEN at entry 3") || !strings.Contains(err.Error(), "entry 3") {
					t.Fatalf("tampered chain: err %v, output:\n%s", err, out)
				}
				rawExec(t, url, "UPDATE audit_log SET after_value = '3' WHERE id = 3")
			})
			t.Run("CutTailCaughtByRecordedHead", func(t *testing.T) {
				rawExec(t, url, "DELETE FROM audit_log WHERE id > 3")
				rawExec(t, url, "UPDATE audit_head SET last_id = 3, hash = (SELECT hash FROM audit_log WHERE id = 3)")
				if out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf); err != nil || !strings.Contains(out, "head: entry 3 ") {
					t.Fatalf("cut tail alone verifies with a new head: err %v\n%s", err, out)
				}
				out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf, "--head", recorded)
				if err == nil || !strings.Contains(out, "entry 5 is missing") {
					t.Fatalf("verify --head after cutting the tail: err %v\n%s", err, out)
				}
			})
		})
	}
}

func TestAuditVerifyWrongSuiteHints(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "t.db")
	kf := filepath.Join(dir, "t.key")
	seed(t, url, kf, 2)
	out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf, "--crypto", "gm")
	if err == nil || !strings.Contains(out, "BROKEN at entry 1") || !strings.Contains(out, "hint:") {
		t.Fatalf("std chain verified as gm: err %v\n%s", err, out)
	}
}

func TestAuditVerifyNeedsKeyFile(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "t.db")
	seed(t, url, filepath.Join(dir, "real.key"), 1)
	missing := filepath.Join(dir, "missing.key")
	_, err := run(t, "audit", "verify", "--db", url, "--key-file", missing)
	if err == nil || !strings.Contains(err.Error(), "key file") {
		t.Fatalf("verify without key file = %v, want a key-file message", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("verify created a key file")
	}
	if _, err := run(t, "audit", "check"); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Fatalf("audit check = %v, want usage", err)
	}
}

// motto reads the setting seed writes.
func motto(t *testing.T, url string) string {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(context.Background(), "SELECT value FROM settings WHERE key = 'motto'").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "data", "t.db")
	kf := filepath.Join(dir, "t.key")
	seed(t, url, kf, 2)
	backup := filepath.Join(dir, "backups", "b1.db")
	if out, err := run(t, "backup", "--db", url, backup); err != nil || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if _, err := run(t, "backup", "--db", url, backup); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("backup over an existing file = %v, want refused", err)
	}
	seed(t, url, kf, 4) // changes the data after the backup
	if got := motto(t, url); got != "v4" {
		t.Fatalf("after change motto = %q", got)
	}
	if out, err := run(t, "restore", "--db", url, backup); err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if got := motto(t, url); got != "v2" {
		t.Fatalf("after restore motto = %q, want the backed-up v2", got)
	}
	if out, err := run(t, "audit", "verify", "--db", url, "--key-file", kf); err != nil || !strings.Contains(out, "OK: 2 entries") {
		t.Fatalf("restored chain: %v\n%s", err, out)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "data", "t.db.pre-restore-*"))
	if len(kept) != 1 || motto(t, "sqlite:"+kept[0]) != "v4" {
		t.Fatalf("replaced database not kept: %v", kept)
	}
}

func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "live.db")
	kf := filepath.Join(dir, "t.key")
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DB: url, KeyFile: kf, Crypto: "std", SQLiteSync: "OFF"}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	stop, written := make(chan struct{}), make(chan error, 1)
	go func() { // a server busy writing audited changes
		for i := 0; ; i++ {
			select {
			case <-stop:
				written <- nil
				return
			default:
			}
			if err := a.DB.InTx(ctx, func(tx *store.Tx) error {
				return a.Audit.Record(ctx, tx, audit.Entry{Entity: "busy", EntityID: fmt.Sprint(i), Action: "write"})
			}); err != nil {
				written <- err
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	backup := filepath.Join(dir, "online.db")
	_, berr := run(t, "backup", "--db", url, backup)
	close(stop)
	if err := <-written; err != nil || berr != nil {
		t.Fatalf("writer %v, backup %v", err, berr)
	}
	restored := "sqlite:" + filepath.Join(dir, "restored.db")
	if out, err := run(t, "restore", "--db", restored, backup); err != nil {
		t.Fatalf("restore online backup: %v\n%s", err, out)
	}
	out, err := run(t, "audit", "verify", "--db", restored, "--key-file", kf)
	if err != nil || !strings.Contains(out, "audit chain OK") {
		t.Fatalf("online backup's chain: %v\n%s", err, out)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "t.db")
	seed(t, url, filepath.Join(dir, "t.key"), 1)
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 100), 0o600)
	truncated := filepath.Join(dir, "truncated.db")
	good := filepath.Join(dir, "good.db")
	if _, err := run(t, "backup", "--db", url, good); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	os.WriteFile(truncated, b[:len(b)/3], 0o600)
	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	for _, tc := range []struct{ name, file, want string }{
		{"GarbageNotSQLite", garbage, "not an SQLite database"},
		{"TruncatedFailsCheck", truncated, "not a Tongchou backup"},
		{"ForeignSQLiteNoSchema", foreign, "no Tongchou schema"},
		{"MissingFile", filepath.Join(dir, "nope.db"), "backup file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, "restore", "--db", url, tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore %s = %v, want %q", tc.name, err, tc.want)
			}
			if got := motto(t, url); got != "v1" {
				t.Fatalf("database changed by a refused restore: motto %q", got)
			}
		})
	}
}

func TestBackupOnPostgresPointsToPgDump(t *testing.T) {
	url := storetest.PostgresURL(t)
	for _, cmd := range []string{"backup", "restore"} {
		t.Run(cmd+"Refused", func(t *testing.T) {
			_, err := run(t, cmd, "--db", url, filepath.Join(t.TempDir(), "b.db"))
			if !errors.Is(err, store.ErrPostgresBackup) || !strings.Contains(err.Error(), "pg_dump") {
				t.Fatalf("%s on postgres = %v, want the pg_dump message", cmd, err)
			}
		})
	}
}

func TestVersionPrints(t *testing.T) {
	out, err := run(t, "version")
	if err != nil || !strings.HasPrefix(out, "tongchou "+app.Version) {
		t.Fatalf("version: %v %q", err, out)
	}
}
