// Package appealstat computes the three rates (三率) per unit and the hot issues of the appeals.
package appealstat

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
