package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
)

// audit runs "audit verify": it walks the chain and prints the head so it can
// be recorded elsewhere; comparing a later head with a recorded one (--head)
// catches a deleted tail even when the head row was fixed to match.
func (m *Main) audit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: tongchou audit verify [--db URL] [--key-file FILE] [--head ENTRY:HASH]")
	}
	var cfg Config
	fs := flag.NewFlagSet("tongchou audit verify", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	cfg.flags(fs, m.Getenv)
	recorded := fs.String("head", "", "a head printed earlier (ENTRY:HASH); fails when that entry is gone or changed")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	var want audit.Head
	if *recorded != "" {
		h, err := audit.ParseHead(*recorded)
		if err != nil {
			return err
		}
		want = h
	}
	// loadKeys would create a missing key file, and a fresh key fails every
	// entry: say what is wrong instead.
	if _, err := os.Stat(cfg.KeyFile); err != nil {
		return fmt.Errorf("key file %s: %w (audit verify needs the key file the server uses)", cfg.KeyFile, err)
	}
	keys, err := loadKeys(cfg.KeyFile)
	if err != nil {
		return err
	}
	suite, err := crypt.New(cfg.Crypto, keys)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB, store.Options{Synchronous: cfg.SQLiteSync})
	if err != nil {
		return err
	}
	defer db.Close()
	log := audit.New(db, suite, m.Now)
	res, err := log.Verify(ctx)
	if err != nil {
		return err
	}
	if !res.OK() {
		fmt.Fprintf(m.Stdout, "audit chain BROKEN at entry %d: %s (%d entries verified before it)\n", res.BrokenID, res.Reason, res.Entries)
		if res.BrokenID == 1 && res.Kind == audit.BreakContent {
			fmt.Fprintf(m.Stdout, "hint: every entry fails from the first: check that --key-file and --crypto (%s) are the server's\n", cfg.Crypto)
		}
		return fmt.Errorf("audit chain broken at entry %d", res.BrokenID)
	}
	if err := log.CheckRecorded(ctx, want); err != nil {
		fmt.Fprintf(m.Stdout, "audit chain BROKEN: %v\n", err)
		return fmt.Errorf("audit chain does not contain the recorded head %s: %w", want, err)
	}
	head := audit.Head{ID: res.LastID, Hash: res.Head}
	fmt.Fprintf(m.Stdout, "audit chain OK: %d entries (%s)\nhead: entry %d hash %s\n", res.Entries, suite.Name(), head.ID, head.Hash)
	fmt.Fprintf(m.Stdout, "record the head elsewhere; to compare later: tongchou audit verify --head %s\n", head)
	return nil
}

// backup writes a consistent copy of a live SQLite database with VACUUM INTO.
func (m *Main) backup(ctx context.Context, args []string) error {
	cfg, fs, err := m.parse("backup", args, false)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: tongchou backup [--db URL] FILE")
	}
	if !store.IsSQLite(cfg.DB) {
		return store.ErrPostgresBackup
	}
	db, err := store.Open(ctx, cfg.DB, store.Options{Synchronous: cfg.SQLiteSync})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "backup written to", fs.Arg(0))
	return nil
}

// restore checks a backup file and puts it in place of the SQLite database.
// The server must be stopped.
func (m *Main) restore(ctx context.Context, args []string) error {
	cfg, fs, err := m.parse("restore", args, false)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: tongchou restore [--db URL] FILE")
	}
	if !store.IsSQLite(cfg.DB) {
		return store.ErrPostgresBackup
	}
	if _, err := os.Stat(fs.Arg(0)); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	if err := store.Restore(ctx, cfg.DB, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "restored", fs.Arg(0), "into", cfg.DB)
	return nil
}
