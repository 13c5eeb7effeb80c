// Package appeal handles citizens' appeals (诉求, 接诉即办): intake, dispatch, signing, answers, ratings and time limits.
package appeal

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
