package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// HashCost is the argon2id cost of new hashes; a stored hash carries its own
// parameters, so changing the cost never breaks existing passwords.
type HashCost struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// DefaultHashCost follows RFC 9106's second recommended option with the
// memory lowered for small government servers: 64 MiB, 3 passes, 2 lanes.
var DefaultHashCost = HashCost{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

// TestHashCost is the cheapest valid cost, for test binaries only: every test
// login would otherwise spend a full hash.
var TestHashCost = HashCost{Time: 1, MemoryKiB: 1024, Threads: 1}

const argonKeyLen = 32

var hashCost = DefaultHashCost

// SetHashCost sets the cost of new hashes. Call it before serving (tests call
// it from TestMain with TestHashCost).
func SetHashCost(c HashCost) {
	hashCost = c
	dummyHash, _ = HashPassword("dummy password for timing")
}

// HashPassword returns the argon2id hash of pw in PHC string form.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	c := hashCost
	key := argon2.IDKey([]byte(pw), salt, c.Time, c.MemoryKiB, c.Threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.MemoryKiB, c.Time, c.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when the username is unknown so both paths take as long.
var dummyHash, _ = HashPassword("dummy password for timing")

// Password policy errors; each is a message key.
var (
	ErrPasswordShort   = errors.New("password.too_short")
	ErrPasswordClasses = errors.New("password.classes")
	ErrPasswordLong    = errors.New("password.too_long")
	ErrPasswordReused  = errors.New("password.reused")
)

// CheckPolicy enforces at least 8 characters from three of the four classes
// (upper case, lower case, digits, symbols).
func CheckPolicy(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < 8 {
		return ErrPasswordShort
	}
	if n > 128 {
		return ErrPasswordLong
	}
	var upper, lower, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return ErrPasswordClasses
	}
	return nil
}

// GeneratePassword returns a random password that meets the policy.
func GeneratePassword() string {
	const sets = "ABCDEFGHJKLMNPQRSTUVWXYZ" + "abcdefghijkmnopqrstuvwxyz" + "23456789"
	b := make([]byte, 12)
	rand.Read(b)
	out := make([]byte, 0, 16)
	for _, c := range b {
		out = append(out, sets[int(c)%len(sets)])
	}
	// Guarantee the classes whatever the draw was.
	return string(out) + "Aa7#"
}
