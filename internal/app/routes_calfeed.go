package app

import "net/http"

// mountCalfeed mounts the calfeed routes (owned by the calfeed package).
func (a *App) mountCalfeed(mux *http.ServeMux) {}
