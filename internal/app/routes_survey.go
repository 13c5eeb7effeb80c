package app

import "net/http"

// mountSurvey mounts the survey routes (owned by the survey package).
func (a *App) mountSurvey(mux *http.ServeMux) {}
