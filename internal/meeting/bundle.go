// Package meeting holds meetings (调度会, 座谈会, 专题协调会, 推进会): statements, attendance, minutes and decisions that become tasks.
package meeting

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed locales/*.json
var Bundle embed.FS
