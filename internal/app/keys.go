package app

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"tongchou/internal/crypt"
)

type keyFile struct {
	MAC string `json:"audit_mac_key"`
	Enc string `json:"data_encryption_key"`
}

// loadKeys reads the key file, creating it with fresh keys on first start.
// The keys are kept out of the database so that whoever can edit the database
// cannot recompute the audit chain or read encrypted personal data.
func loadKeys(path string) (crypt.Keys, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createKeys(path)
	}
	if err != nil {
		return crypt.Keys{}, fmt.Errorf("read key file: %w", err)
	}
	var kf keyFile
	if err := json.Unmarshal(b, &kf); err != nil {
		return crypt.Keys{}, fmt.Errorf("key file %s: %w", path, err)
	}
	mac, err1 := hex.DecodeString(kf.MAC)
	enc, err2 := hex.DecodeString(kf.Enc)
	if err := errors.Join(err1, err2); err != nil || len(mac) < 16 || len(enc) < 16 {
		return crypt.Keys{}, fmt.Errorf("key file %s: keys must be hex, at least 16 bytes", path)
	}
	return crypt.Keys{MAC: mac, Enc: enc}, nil
}

func createKeys(path string) (crypt.Keys, error) {
	k := crypt.GenerateKeys()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return k, fmt.Errorf("create key folder: %w", err)
	}
	b, _ := json.MarshalIndent(keyFile{MAC: hex.EncodeToString(k.MAC), Enc: hex.EncodeToString(k.Enc)}, "", "  ")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return k, fmt.Errorf("write key file: %w", err)
	}
	slog.Warn("created a new key file; keep a copy in a safe place, apart from the database backups", "path", path)
	return k, nil
}
