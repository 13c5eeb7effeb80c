// Package survey builds, publishes and tallies surveys (调查问卷).
package survey

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
