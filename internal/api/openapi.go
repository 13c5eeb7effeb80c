package api

import (
	_ "embed"
	"net/http"
)

// openAPI describes every /api/v1 route; a test checks it against the routes.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI is GET /api/v1/openapi.json (public, so tools can read it before
// they hold a token).
func OpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}

// Document returns the OpenAPI document.
func Document() []byte { return openAPI }
