package app

import "net/http"

// mountAppeal mounts the appeal routes (owned by the appeal package).
func (a *App) mountAppeal(mux *http.ServeMux) {}
