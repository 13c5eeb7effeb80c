package crypt

import (
	"crypto/cipher"
	"fmt"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// newGM is HMAC-SM3 and SM4-GCM (GB/T 32905, GB/T 32907), for 密评.
func newGM(k Keys) (Suite, error) {
	key := sm3.Sum(k.Enc)
	block, err := sm4.NewCipher(key[:16])
	if err != nil {
		return nil, fmt.Errorf("sm4: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sm4 gcm: %w", err)
	}
	return &suite{name: "gm", newMAC: sm3.New, macKey: k.MAC, aead: aead}, nil
}
