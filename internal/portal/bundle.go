// Package portal serves the public portal without login: the campaign's published progress, the appeal form and tracker, open surveys and typical cases, and the Open311 GeoReport v2 API.
package portal

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
