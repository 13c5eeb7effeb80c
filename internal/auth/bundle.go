package auth

import "embed"

// Bundle holds the sign-in templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
