package task

import (
	"net/http"

	"tongchou/internal/api"
	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// APIHandlers serves the task package's /api/v1 endpoints: the same store,
// and so the same data scope, as the pages (another unit's task is 404).
type APIHandlers struct {
	s  *Store
	ui *ui.UI
}

// NewAPI returns the API handlers over s; u gives the light reasons' texts.
func NewAPI(s *Store, u *ui.UI) *APIHandlers { return &APIHandlers{s: s, ui: u} }

// APIRoute is one endpoint: its ServeMux pattern, its handler and the roles
// that may call it (the store checks role, unit and scope again).
type APIRoute struct {
	Pattern string
	Handler func(h *APIHandlers, w http.ResponseWriter, r *http.Request) error
	Roles   []auth.Role
}

var (
	apiReaders = []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison}
	apiOffice  = []auth.Role{auth.RoleOffice}
	apiActors  = []auth.Role{auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison}
	apiUnits   = []auth.Role{auth.RoleUnitHead, auth.RoleLiaison}
)

// APIRoutes lists every endpoint; app mounts exactly these, and a test checks
// that each one is in openapi.json and each documented path is one of them.
var APIRoutes = []APIRoute{
	{"GET /api/v1/campaigns", (*APIHandlers).campaigns, apiReaders},
	{"POST /api/v1/campaigns", (*APIHandlers).createCampaign, apiOffice},
	{"PUT /api/v1/campaigns/{id}", (*APIHandlers).updateCampaign, apiOffice},
	{"GET /api/v1/campaigns/{id}", (*APIHandlers).campaign, apiReaders},
	{"GET /api/v1/campaigns/{id}/tasks", (*APIHandlers).tasks, apiReaders},
	{"POST /api/v1/campaigns/{id}/tasks", (*APIHandlers).createTask, apiOffice},
	{"GET /api/v1/tasks/{id}", (*APIHandlers).task, apiReaders},
	{"PUT /api/v1/tasks/{id}", (*APIHandlers).updateTask, apiOffice},
	{"GET /api/v1/tasks/{id}/instructions", (*APIHandlers).instructions, apiReaders},
	{"POST /api/v1/tasks/{id}/instructions", (*APIHandlers).instruct, []auth.Role{auth.RoleLeader, auth.RoleOffice}},
	{"POST /api/v1/instructions/{id}/reply", (*APIHandlers).replyInstruction, apiUnits},
	{"POST /api/v1/handover", (*APIHandlers).handover, []auth.Role{auth.RoleOffice, auth.RoleUnitHead}},
	{"POST /api/v1/tasks/{id}/transitions", (*APIHandlers).transition, apiActors},
	{"GET /api/v1/tasks/{id}/reports", (*APIHandlers).reports, apiReaders},
	{"POST /api/v1/tasks/{id}/reports", (*APIHandlers).submitReport, apiUnits},
	{"POST /api/v1/reports/{id}/accept", (*APIHandlers).acceptReport, apiOffice},
	{"POST /api/v1/reports/{id}/return", (*APIHandlers).returnReport, apiOffice},
}

// Bind returns rt's handler bound to h, for api.API.Handle.
func (h *APIHandlers) Bind(rt APIRoute) api.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { return rt.Handler(h, w, r) }
}
