package app

import "net/http"

// mountBriefing mounts the briefing routes (owned by the briefing package).
func (a *App) mountBriefing(mux *http.ServeMux) {}
