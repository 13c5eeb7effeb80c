// Package calfeed serves each user's private iCalendar feed of meetings, deadlines and report due dates.
package calfeed

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
