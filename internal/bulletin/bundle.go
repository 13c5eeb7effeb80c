// Package bulletin publishes notices to units with read receipts (通知公告) and keeps each campaign's document library with versions (资料共享).
package bulletin

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
