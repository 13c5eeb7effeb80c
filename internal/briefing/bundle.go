// Package briefing generates the dispatch briefing (调度通报) and the speech outline from tasks and reports, and publishes them frozen and numbered.
package briefing

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
