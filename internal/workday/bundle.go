package workday

import "embed"

// Bundle holds the calendar admin page and its messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
