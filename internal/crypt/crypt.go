// Package crypt puts the keyed hash and the encryption the product uses behind
// one small interface, so the national algorithms (SM3/SM4, 国密) can be
// configured instead of the default HMAC-SHA256 and AES-256-GCM.
package crypt

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
)

// Suite is a keyed hash and an authenticated cipher, both keyed by the
// configuration.
type Suite interface {
	// Name is "std" or "gm".
	Name() string
	// MAC returns the hex keyed hash of data.
	MAC(data []byte) string
	// Seal encrypts plaintext into a printable string.
	Seal(plaintext []byte) (string, error)
	// Open decrypts what Seal produced.
	Open(sealed string) ([]byte, error)
}

// ErrDecrypt is returned when a sealed value does not open with the key.
var ErrDecrypt = errors.New("cannot decrypt value")

// Keys are the secrets a Suite needs: one for the keyed hash, one for encryption.
type Keys struct {
	MAC []byte
	Enc []byte
}

// New returns the named suite ("std" or "gm").
func New(name string, k Keys) (Suite, error) {
	if len(k.MAC) < 16 || len(k.Enc) < 16 {
		return nil, errors.New("crypt keys must be at least 16 bytes")
	}
	switch name {
	case "", "std":
		return newStd(k)
	case "gm":
		return newGM(k)
	default:
		return nil, fmt.Errorf("crypto suite %q: want std or gm", name)
	}
}

type suite struct {
	name   string
	newMAC func() hash.Hash
	macKey []byte
	aead   cipher.AEAD
}

func (s *suite) Name() string { return s.name }

func (s *suite) MAC(data []byte) string {
	m := hmac.New(s.newMAC, s.macKey)
	m.Write(data)
	return hex.EncodeToString(m.Sum(nil))
}

func (s *suite) Seal(plaintext []byte) (string, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("nonce: %w", err)
	}
	out := s.aead.Seal(nonce, nonce, plaintext, nil)
	return base64.RawStdEncoding.EncodeToString(out), nil
}

func (s *suite) Open(sealed string) ([]byte, error) {
	raw, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return nil, ErrDecrypt
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// GenerateKeys returns fresh random keys.
func GenerateKeys() Keys {
	k := Keys{MAC: make([]byte, 32), Enc: make([]byte, 32)}
	rand.Read(k.MAC)
	rand.Read(k.Enc)
	return k
}

// Equal compares two MACs in constant time, so a verifier leaks nothing about
// how much of a forged hash was right.
func Equal(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }
