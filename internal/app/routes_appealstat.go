package app

import "net/http"

// mountAppealstat mounts the appealstat routes (owned by the appealstat package).
func (a *App) mountAppealstat(mux *http.ServeMux) {}
