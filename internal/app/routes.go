package app

import (
	"net/http"

	"tongchou/internal/api"
	"tongchou/internal/appeal"
	"tongchou/internal/appealstat"
	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/briefing"
	"tongchou/internal/bulletin"
	"tongchou/internal/calfeed"
	"tongchou/internal/home"
	"tongchou/internal/meeting"
	"tongchou/internal/notify"
	"tongchou/internal/notify/jobs"
	"tongchou/internal/org"
	"tongchou/internal/portal"
	"tongchou/internal/security"
	"tongchou/internal/settings"
	"tongchou/internal/survey"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// nav is the navigation, shown by role.
var nav = []ui.NavItem{
	{Key: "layout.home", Href: "/"},
	{Key: "audit.nav", Href: "/audit", Roles: []string{"auditor"}},
	{Key: "audit.nav_logins", Href: "/audit/logins", Roles: []string{"auditor"}},
	{Key: "security.nav", Href: "/security", Roles: []string{"secadmin"}},
	{Key: "org.nav.directory", Href: "/units", Roles: []string{"office", "leader", "unithead", "liaison", "grid"}},
	{Key: "org.nav.regions", Href: "/admin/regions", Roles: []string{"sysadmin"}},
	{Key: "org.nav.units", Href: "/admin/units", Roles: []string{"sysadmin"}},
	{Key: "org.nav.users", Href: "/admin/users", Roles: []string{"sysadmin"}},
	{Key: "calendar.nav", Href: "/admin/calendar", Roles: []string{"sysadmin"}},
	{Key: "settings.nav", Href: "/admin/settings", Roles: []string{"sysadmin"}},
	{Key: "notify.nav_jobs", Href: "/admin/jobs", Roles: []string{"sysadmin"}},
	{Key: "notify.channel.nav", Href: "/admin/channels", Roles: []string{"sysadmin"}},
	{Key: "task.nav.my", Href: "/my", Roles: []string{"unithead", "liaison"}},
	{Key: "leader.nav", Href: "/leader", Roles: []string{"leader"}},
	{Key: "handover.nav", Href: "/handover", Roles: []string{"office", "unithead"}},
	{Key: "task.nav.campaigns", Href: "/campaigns", Roles: []string{"office", "leader", "unithead", "liaison"}},
	{Key: "meeting.nav", Href: "/meetings", Roles: []string{"office", "leader", "unithead", "liaison"}},
	{Key: "briefing.nav", Href: "/briefings", Roles: []string{"office", "leader"}},
	{Key: "bulletin.nav", Href: "/bulletins", Roles: []string{"office", "leader", "unithead", "liaison"}},
	{Key: "appeal.nav", Href: "/appeals", Roles: []string{"office", "leader", "unithead", "liaison"}},
	{Key: "appealstat.nav", Href: "/appeals/rates", Roles: []string{"office", "leader"}},
	{Key: "survey.nav", Href: "/surveys", Roles: []string{"office"}},
	{Key: "portal.nav.publish", Href: "/portal/publish", Roles: []string{"office"}},
	{Key: "portal.nav.admin", Href: "/admin/portal", Roles: []string{"sysadmin"}},
}

// wire builds the services and mounts every route in one visible list.
func (a *App) wire() error {
	u, err := ui.New(nav, auth.Bundle, home.Bundle, org.Bundle, audit.Bundle, security.Bundle, settings.Bundle, notify.Bundle, task.Bundle, workday.Bundle,
		meeting.Bundle, briefing.Bundle, bulletin.Bundle, calfeed.Bundle, appeal.Bundle, portal.Bundle, appealstat.Bundle, survey.Bundle)
	if err != nil {
		return err
	}
	u.Now = a.Now
	a.UI = u
	a.Auth = auth.New(a.DB, u, a.Audit, a.Suite, a.Now, a.Config.SecureCookies)
	orgStore := org.New(a.DB, a.Audit, a.Suite, a.Now)
	homePages := home.New(orgStore, u)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.Handle("GET /metrics", metricsHandler(a.DB))
	mux.Handle("GET /static/{hash}/{name...}", u.StaticHandler())
	a.Auth.Routes(mux)
	mux.Handle("GET /{$}", a.page(homePages.Home))
	// Notifications: the bell's list for every signed-in user (own only), and
	// the background jobs for the system admin. The scheduler is started by
	// serve, not here, so tests drive it with RunDue.
	a.Notify = notify.New(a.DB, a.Audit, a.Now, notify.Config{})
	// The outside channels (SMTP, robots) are set on /admin/channels and read
	// by the delivery job on every run: no restart after a change.
	channels := notify.NewChannels(a.DB, a.Audit, a.Suite, a.Now)
	a.Notify.UseChannels(channels)
	a.Jobs = jobs.New(a.DB, a.Now)
	a.Notify.Register(a.Jobs)
	// The escalation ladder (提醒 → 催办 → 督办 → 通报), daily at 08:30. Notices
	// go in-app, and to the channels enabled on /admin/channels.
	task.NewEscalator(a.DB, a.Audit, a.Now).Register(a.Jobs)
	// One task store for every task page and the API, so their read caches
	// are shared; the comparison of running campaigns is kept warm by a job.
	tasks := task.New(a.DB, a.Audit, a.Now)
	tasks.RegisterCompareWarm(a.Jobs)
	notifyPages := notify.NewPages(a.Notify, u)
	mux.Handle("GET /notifications", a.page(notifyPages.List))
	mux.Handle("POST /notifications/read-all", a.page(notifyPages.ReadAll))
	mux.Handle("POST /notifications/{id}/read", a.page(notifyPages.Read))
	mux.Handle("GET /admin/jobs", a.page(notifyPages.AdminJobs, auth.RoleSysAdmin))
	channelPages := notify.NewChannelPages(channels, u)
	mux.Handle("GET /admin/channels", a.page(channelPages.Channels, auth.RoleSysAdmin))
	mux.Handle("POST /admin/channels/smtp", a.page(channelPages.SaveSMTP, auth.RoleSysAdmin))
	mux.Handle("POST /admin/channels/smtp/test", a.page(channelPages.TestSMTP, auth.RoleSysAdmin))
	mux.Handle("POST /admin/channels/robots/create", a.page(channelPages.CreateRobot, auth.RoleSysAdmin))
	mux.Handle("GET /admin/channels/robots/{id}", a.page(channelPages.RobotEdit, auth.RoleSysAdmin))
	mux.Handle("POST /admin/channels/robots/{id}/update", a.page(channelPages.UpdateRobot, auth.RoleSysAdmin))
	mux.Handle("POST /admin/channels/robots/{id}/delete", a.page(channelPages.DeleteRobot, auth.RoleSysAdmin))
	mux.Handle("POST /admin/channels/robots/{id}/test", a.page(channelPages.TestRobot, auth.RoleSysAdmin))
	mux.Handle("GET /account", a.page(a.Auth.Account))
	mux.Handle("GET /account/tokens", a.page(a.Auth.TokensPage))
	mux.Handle("POST /account/tokens", a.page(a.Auth.TokenCreate))
	mux.Handle("POST /account/tokens/{id}/revoke", a.page(a.Auth.TokenRevoke))
	// The JSON API: personal tokens, the same data scope as the pages.
	apiV1 := api.New(a.Auth, u)
	mux.HandleFunc("GET /api/v1/openapi.json", api.OpenAPI)
	mux.Handle("GET /api/v1/me", apiV1.Handle(apiV1.Me))
	mux.Handle("/api/v1/", apiV1.Handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
	// Campaigns, tasks, transitions and reports as JSON (task.APIRoutes is
	// also the list the OpenAPI test compares with the document).
	taskAPI := task.NewAPI(tasks, u)
	for _, rt := range task.APIRoutes {
		mux.Handle(rt.Pattern, apiV1.Handle(taskAPI.Bind(rt), rt.Roles...))
	}
	mux.Handle("GET /account/password", a.page(a.Auth.PasswordForm))
	mux.Handle("POST /account/password", a.page(a.Auth.PasswordChange))
	mux.Handle("GET /account/totp", a.page(a.Auth.TOTPEnrolForm))
	mux.Handle("POST /account/totp", a.page(a.Auth.TOTPEnrolConfirm))
	sec := security.New(a.DB, u, a.Audit, a.Now)
	mux.Handle("GET /security", a.page(sec.Policy, auth.RoleSecAdmin))
	mux.Handle("POST /security/policy", a.page(sec.SavePolicy, auth.RoleSecAdmin))
	mux.Handle("GET /security/users", a.page(sec.Users, auth.RoleSecAdmin))
	mux.Handle("GET /security/locked", a.page(sec.Locked, auth.RoleSecAdmin))
	mux.Handle("POST /security/users/{id}/unlock", a.page(sec.Unlock, auth.RoleSecAdmin))
	mux.Handle("POST /security/users/{id}/reset-totp", a.page(sec.ResetTOTP, auth.RoleSecAdmin))
	mux.Handle("POST /security/users/{id}/grant", a.page(sec.Grant, auth.RoleSecAdmin))
	mux.Handle("POST /security/users/{id}/revoke", a.page(sec.Revoke, auth.RoleSecAdmin))
	auditPages := audit.NewPages(a.DB, u, a.Audit) // the audit admin reads both logs and changes nothing
	mux.Handle("GET /audit", a.page(auditPages.List, auth.RoleAuditor))
	mux.Handle("GET /audit/verify", a.page(auditPages.Verify, auth.RoleAuditor))
	mux.Handle("GET /audit/export.xlsx", a.page(auditPages.Export, auth.RoleAuditor))
	mux.Handle("GET /audit/logins", a.page(auditPages.Logins, auth.RoleAuditor))
	mux.Handle("GET /audit/logins/export.xlsx", a.page(auditPages.LoginsExport, auth.RoleAuditor))
	orgPages := org.NewHandler(orgStore, u) // the system admin: regions, units, users; no business data
	for _, rt := range []struct {
		pattern string
		h       ui.HandlerFunc
	}{
		{"GET /admin/regions", orgPages.Regions},
		{"GET /admin/regions/new", orgPages.RegionNew},
		{"POST /admin/regions/create", orgPages.RegionCreate},
		{"GET /admin/regions/{id}", orgPages.Region},
		{"GET /admin/regions/{id}/transfer", orgPages.TransferForm},
		{"POST /admin/regions/{id}/transfer/preview", orgPages.TransferPreview},
		{"POST /admin/regions/{id}/transfer/confirm", orgPages.TransferConfirm},
		{"GET /admin/units", orgPages.UnitsList},
		{"GET /admin/units/new", orgPages.UnitNew},
		{"POST /admin/units/create", orgPages.UnitCreate},
		{"GET /admin/units/{id}", orgPages.UnitEdit},
		{"POST /admin/units/{id}/update", orgPages.UnitUpdate},
		{"GET /admin/users", orgPages.UsersList},
		{"GET /admin/users/new", orgPages.UserNew},
		{"POST /admin/users/create", orgPages.UserCreate},
		{"GET /admin/users/{id}", orgPages.UserEdit},
		{"POST /admin/users/{id}/update", orgPages.UserUpdate},
		{"POST /admin/users/{id}/disable", orgPages.UserDisable},
		{"POST /admin/users/{id}/enable", orgPages.UserEnable},
		{"GET /admin/import", orgPages.ImportForm},
		{"GET /admin/import/template.xlsx", orgPages.ImportTemplate},
		{"POST /admin/import", orgPages.Import},
	} {
		mux.Handle(rt.pattern, a.page(rt.h, auth.RoleSysAdmin))
	}
	settingsPages := settings.New(a.DB, u, a.Audit)
	mux.Handle("GET /admin/settings", a.page(settingsPages.Form, auth.RoleSysAdmin))
	mux.Handle("POST /admin/settings", a.page(settingsPages.Save, auth.RoleSysAdmin))
	business := []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison, auth.RoleGridWorker}
	mux.Handle("GET /units", a.page(orgPages.Directory, business...))
	mux.Handle("GET /units/{id}", a.page(orgPages.DirectoryUnit, business...))
	// The working-day calendar (holidays and adjusted working days), for the system admin.
	calendarPages := workday.NewPages(workday.NewStore(a.DB, a.Audit, a.Now), u)
	mux.Handle("GET /admin/calendar", a.page(calendarPages.Calendar, auth.RoleSysAdmin))
	mux.Handle("POST /admin/calendar/days", a.page(calendarPages.Save, auth.RoleSysAdmin))
	mux.Handle("POST /admin/calendar/days/{day}/delete", a.page(calendarPages.Delete, auth.RoleSysAdmin))
	mux.Handle("GET /admin/calendar/template.xlsx", a.page(calendarPages.Template, auth.RoleSysAdmin))
	mux.Handle("POST /admin/calendar/import", a.page(calendarPages.Import, auth.RoleSysAdmin))
	// Progress reports on a task: scope and role are checked in the task store.
	reportPages := task.NewReportPages(tasks, u)
	mux.Handle("GET /tasks/{id}/reports", a.page(reportPages.List))
	mux.Handle("POST /tasks/{id}/reports", a.page(reportPages.Submit, auth.RoleLiaison, auth.RoleUnitHead))
	mux.Handle("POST /reports/{id}/accept", a.page(reportPages.Accept, auth.RoleOffice))
	mux.Handle("POST /reports/{id}/return", a.page(reportPages.Return, auth.RoleOffice))
	// Campaigns, the task board, task pages and the workflow: scope, role and
	// unit are checked again in the task store (another unit's task is 404).
	// Escalation notices: the office, leaders and the recipient unit (scope in the store).
	noticePages := task.NewNoticePages(tasks, u)
	mux.Handle("GET /notices/{ref}", a.page(noticePages.Notice, auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison))
	mux.Handle("GET /tasks/{id}/notices", a.page(noticePages.TaskNotices, auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison))
	taskPages := task.NewPages(tasks, u)
	taskRoles := []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison}
	for _, rt := range []struct {
		pattern string
		h       ui.HandlerFunc
		roles   []auth.Role
	}{
		{"GET /campaigns", taskPages.Campaigns, taskRoles},
		{"GET /campaigns/new", taskPages.CampaignNew, []auth.Role{auth.RoleOffice}},
		{"POST /campaigns/create", taskPages.CampaignCreate, []auth.Role{auth.RoleOffice}},
		{"GET /campaigns/{id}", taskPages.Campaign, taskRoles},
		{"GET /campaigns/{id}/tasks", taskPages.Board, taskRoles},
		{"GET /campaigns/{id}/edit", taskPages.CampaignEdit, []auth.Role{auth.RoleOffice}},
		{"POST /campaigns/{id}/update", taskPages.CampaignUpdate, []auth.Role{auth.RoleOffice}},
		{"GET /campaigns/{id}/gantt", taskPages.Gantt, taskRoles},
		{"GET /campaigns/{id}/import", taskPages.PlanForm, []auth.Role{auth.RoleOffice}},
		{"GET /campaigns/{id}/import/template.xlsx", taskPages.PlanTemplate, []auth.Role{auth.RoleOffice}},
		{"POST /campaigns/{id}/import", taskPages.PlanImport, []auth.Role{auth.RoleOffice}},
		{"GET /campaigns/{id}/tasks.xlsx", taskPages.BoardExport, taskRoles},
		{"GET /campaigns/{id}/units", taskPages.Units, []auth.Role{auth.RoleOffice, auth.RoleLeader}},
		{"GET /campaigns/{id}/units.xlsx", taskPages.UnitsExport, []auth.Role{auth.RoleOffice, auth.RoleLeader}},
		{"GET /tasks/new", taskPages.TaskNew, []auth.Role{auth.RoleOffice}},
		{"POST /tasks/create", taskPages.TaskCreate, []auth.Role{auth.RoleOffice}},
		{"GET /tasks/{id}", taskPages.Task, taskRoles},
		{"GET /tasks/{id}/edit", taskPages.TaskEdit, []auth.Role{auth.RoleOffice}},
		{"POST /tasks/{id}/update", taskPages.TaskUpdate, []auth.Role{auth.RoleOffice}},
		{"POST /tasks/{id}/part", taskPages.SavePart, []auth.Role{auth.RoleUnitHead, auth.RoleLiaison}},
		{"GET /tasks/{id}/move", taskPages.MoveForm, []auth.Role{auth.RoleOffice}},
		{"POST /tasks/{id}/move", taskPages.Move, []auth.Role{auth.RoleOffice}},
		{"POST /tasks/{id}/{verb}", taskPages.Act, []auth.Role{auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison}},
		{"GET /my", taskPages.My, []auth.Role{auth.RoleUnitHead, auth.RoleLiaison}},
		// Leader instructions (领导批示), handover and the leader's tasks in charge.
		{"GET /tasks/{id}/instructions", taskPages.InstructionsPage, taskRoles},
		{"POST /tasks/{id}/instructions", taskPages.Instruct, []auth.Role{auth.RoleLeader, auth.RoleOffice}},
		{"POST /instructions/{id}/reply", taskPages.ReplyInstruction, []auth.Role{auth.RoleUnitHead, auth.RoleLiaison}},
		{"GET /handover", taskPages.HandoverForm, []auth.Role{auth.RoleOffice, auth.RoleUnitHead}},
		{"POST /handover", taskPages.Handover, []auth.Role{auth.RoleOffice, auth.RoleUnitHead}},
		{"GET /leader", taskPages.Leader, []auth.Role{auth.RoleLeader}},
	} {
		mux.Handle(rt.pattern, a.page(rt.h, rt.roles...))
	}
	// Attachments on tasks and reports, stored content-addressed on disk;
	// downloads answer 404 outside the task's scope.
	attachPages := task.NewAttachPages(tasks, a.Config.filesStore(a.DB, a.Audit, a.Now), u)
	mux.Handle("POST /tasks/{id}/attachments", a.page(attachPages.TaskUpload, auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison))
	mux.Handle("POST /reports/{id}/attachments", a.page(attachPages.ReportUpload, auth.RoleUnitHead, auth.RoleLiaison))
	mux.Handle("GET /files/{id}/{name}", a.page(attachPages.Download, taskRoles...))
	// Issue 4 and 5 features: each mounts its own routes in routes_<feature>.go.
	a.mountMeeting(mux)
	a.mountBriefing(mux)
	a.mountBulletin(mux)
	a.mountCalfeed(mux)
	a.mountAppeal(mux)
	a.mountPortal(mux)
	a.mountAppealstat(mux)
	a.mountSurvey(mux)
	mux.Handle("/", u.Handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(u.Handle(func(w http.ResponseWriter, r *http.Request) error { return ui.ErrForbidden }))
	a.Handler = instrument(ui.SecurityHeaders(csrf.Handler(a.Auth.Middleware(a.Notify.Bell(capturePattern(mux))))))
	return nil
}

// page wraps a handler that needs a signed-in user holding one of roles.
func (a *App) page(h ui.HandlerFunc, roles ...auth.Role) http.Handler {
	return a.UI.Handle(auth.Require(h, roles...))
}
