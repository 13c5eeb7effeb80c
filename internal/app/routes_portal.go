package app

import "net/http"

// mountPortal mounts the portal routes (owned by the portal package).
func (a *App) mountPortal(mux *http.ServeMux) {}
