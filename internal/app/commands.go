package app

import (
	"context"
	"errors"
	"fmt"
	"os"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
)

// audit runs "audit verify": it walks the chain and prints the head so it can
// be recorded elsewhere; comparing a later head with a recorded one catches a
// deleted tail.
func (m *Main) audit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: tongchou audit verify [--db URL] [--key-file FILE]")
	}
	cfg, _, err := m.parse("audit verify", args[1:], false)
	if err != nil {
		return err
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
	res, err := audit.New(db, suite, m.Now).Verify(ctx)
	if err != nil {
		return err
	}
	if !res.OK() {
		fmt.Fprintf(m.Stdout, "audit chain BROKEN at entry %d: %s (%d entries verified before it)\n", res.BrokenID, res.Reason, res.Entries)
		return fmt.Errorf("audit chain broken at entry %d", res.BrokenID)
	}
	fmt.Fprintf(m.Stdout, "audit chain OK: %d entries\nhead: entry %d %s\n", res.Entries, res.LastID, res.Head)
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
	if _, err := os.Stat(fs.Arg(0)); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	if err := store.Restore(ctx, cfg.DB, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "restored", fs.Arg(0), "into", cfg.DB)
	return nil
}
