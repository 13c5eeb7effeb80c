package crypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"fmt"
)

// newStd is HMAC-SHA256 and AES-256-GCM.
func newStd(k Keys) (Suite, error) {
	key := sha256.Sum256(k.Enc)
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("gcm: %w", err)
	}
	return &suite{name: "std", newMAC: sha256.New, macKey: k.MAC, aead: aead}, nil
}
