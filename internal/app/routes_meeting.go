package app

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/meeting"
	"tongchou/internal/ui"
)

// mountMeeting mounts the meeting routes (owned by the meeting package).
// Scope (a unit user sees only the meetings their units attend) and role are
// checked again in the meeting store.
func (a *App) mountMeeting(mux *http.ServeMux) {
	pages := meeting.NewPages(meeting.New(a.DB, a.Audit, a.Now), a.UI, a.appealStore())
	office := []auth.Role{auth.RoleOffice}
	all := []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison}
	for _, rt := range []struct {
		pattern string
		h       ui.HandlerFunc
		roles   []auth.Role
	}{
		{"GET /meetings", pages.List, all},
		{"GET /meetings/new", pages.New, office},
		{"POST /meetings/create", pages.Create, office},
		{"GET /meetings/{id}", pages.Show, all},
		{"GET /meetings/{id}/edit", pages.Edit, office},
		{"POST /meetings/{id}/update", pages.Update, office},
		{"POST /meetings/{id}/statements/request", pages.RequestStatements, office},
		{"POST /meetings/{id}/statements", pages.SubmitStatement, []auth.Role{auth.RoleLiaison, auth.RoleUnitHead}},
		{"POST /meetings/{id}/attendance", pages.SaveAttendance, office},
		{"POST /meetings/{id}/minutes", pages.SaveMinutes, office},
		{"GET /meetings/{id}/minutes.docx", pages.MinutesDocx, all},
		{"POST /meetings/{id}/decisions", pages.AddDecision, office},
		{"POST /meetings/{id}/decisions/publish", pages.PublishDecisions, office},
		{"POST /meetings/{id}/decisions/{did}/update", pages.UpdateDecision, office},
		{"POST /meetings/{id}/decisions/{did}/delete", pages.DeleteDecision, office},
		{"POST /meetings/{id}/opinions", pages.AddOpinion, office},
		{"POST /meetings/{id}/opinions/{oid}/task", pages.OpinionToTask, office},
		{"POST /meetings/{id}/opinions/{oid}/appeal", pages.OpinionToAppeal, office},
	} {
		mux.Handle(rt.pattern, a.page(rt.h, rt.roles...))
	}
}
