package abuse

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
)

// NewKey returns a fresh idempotency key for a form's hidden field: the same
// form submitted twice (double click, a phone resending after a timeout)
// carries the same key, and the store turns the second into the first's
// result.
func NewKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidKey reports whether k looks like a key NewKey made (or one a client
// chose within the same shape: 16–64 URL-safe characters).
func ValidKey(k string) bool {
	if len(k) < 16 || len(k) > 64 {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// LimitBody bounds the request body at n bytes: reading past it fails (the
// handler answers 413 or a form error) instead of filling memory or disk.
func LimitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}
