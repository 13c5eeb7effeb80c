package app

import "net/http"

// mountMeeting mounts the meeting routes (owned by the meeting package).
func (a *App) mountMeeting(mux *http.ServeMux) {}
