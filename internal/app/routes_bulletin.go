package app

import "net/http"

// mountBulletin mounts the bulletin routes (owned by the bulletin package).
func (a *App) mountBulletin(mux *http.ServeMux) {}
