package survey

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
)

//go:embed static/survey.js
var skipJS []byte

// scriptVersion changes with the file, so the address can be cached for long.
var scriptVersion = func() string {
	sum := sha256.Sum256(skipJS)
	return hex.EncodeToString(sum[:])[:10]
}()

// ScriptPath is the address of the skip-logic script (same origin, so the
// strict CSP allows it).
var ScriptPath = "/s/-/survey.js?v=" + scriptVersion

// Script is GET /s/-/survey.js.
func Script(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(skipJS)
}
