package app

import (
	"net/http"

	"tongchou/internal/abuse"
	"tongchou/internal/auth"
	"tongchou/internal/survey"
	"tongchou/internal/ui"
)

// mountSurvey mounts the survey routes (owned by the survey package): the
// office builds, publishes and reads results; the public answers at /s/{slug}
// without an account.
func (a *App) mountSurvey(mux *http.ServeMux) {
	guard := a.publicGuard()
	pages := survey.NewPages(survey.New(a.DB, a.Audit, a.Suite, a.Now), a.UI, a.Config.SecureCookies, guard)
	// Floods: 20 submissions at once per address, then one every 6 s (in
	// memory). The survey's own daily cap per address is kept in the database.
	submitLimit := abuse.NewLimiter(1.0/6, 20, 100000, a.Now)
	for _, rt := range []struct {
		pattern string
		h       ui.HandlerFunc
	}{
		{"GET /surveys", pages.List},
		{"GET /surveys/new", pages.New},
		{"POST /surveys/create", pages.Create},
		{"GET /surveys/{id}", pages.Show},
		{"GET /surveys/{id}/edit", pages.EditMeta},
		{"POST /surveys/{id}/update", pages.Update},
		{"POST /surveys/{id}/publish", pages.Publish},
		{"POST /surveys/{id}/close", pages.Close},
		{"GET /surveys/{id}/qr.png", pages.QR},
		{"GET /surveys/{id}/questions/new", pages.NewQuestion},
		{"POST /surveys/{id}/questions", pages.CreateQuestion},
		{"GET /surveys/{id}/questions/{key}", pages.EditQuestion},
		{"POST /surveys/{id}/questions/{key}/update", pages.UpdateQuestion},
		{"POST /surveys/{id}/questions/{key}/delete", pages.DeleteQuestion},
		{"POST /surveys/{id}/questions/{key}/move", pages.MoveQuestion},
		{"GET /surveys/{id}/results", pages.Results},
		{"GET /surveys/{id}/charts/{key}", pages.Chart},
		{"GET /surveys/{id}/responses.csv", pages.ExportCSV},
		{"GET /surveys/{id}/responses.xlsx", pages.ExportXLSX},
	} {
		mux.Handle(rt.pattern, a.page(rt.h, auth.RoleOffice))
	}
	mux.Handle("GET /s/{slug}", a.UI.Handle(pages.Form))
	mux.Handle("POST /s/{slug}", guard.Limit(submitLimit, a.UI.Handle(pages.TooMany), a.UI.Handle(pages.Submit)))
	mux.Handle("GET /s/{slug}/thanks", a.UI.Handle(pages.Thanks))
	mux.HandleFunc("GET /s/-/survey.js", survey.Script)
}
