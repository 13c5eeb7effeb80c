// Package task runs the supervision loop's core: campaigns (专项活动) with
// their phases, the task tree with lead and co-units, and the workflow from
// assignment (交办) to completion (办结), every step scoped, audited and
// recorded on the task's timeline.
package task

import (
	"embed"
	"slices"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// Bundle holds the task templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// Store reads and changes campaigns and tasks. Every change is audited in the
// same transaction; reads are limited to the viewer's scope.
type Store struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
	cache *readCache // perf_cache.go
}

// New returns a Store.
func New(db *store.DB, log *audit.Log, now func() time.Time) *Store {
	return &Store{db: db, audit: log, now: now, cache: newReadCache()}
}

// DB is the database the store works on.
func (s *Store) DB() *store.DB { return s.db }

// today is the current civil date in Shanghai as 'YYYY-MM-DD'.
func (s *Store) today() string { return s.now().In(shanghai).Format(dateLayout) }

// State is where a task stands in the workflow.
type State string

// The workflow states.
const (
	StateDraft               State = "draft"                // 草稿
	StateAssigned            State = "assigned"             // 已交办，待签收
	StateReturnedByUnit      State = "returned_by_unit"     // 单位退回/申请调整
	StateSigned              State = "signed"               // 已签收
	StateInProgress          State = "in_progress"          // 办理中
	StateCompletionRequested State = "completion_requested" // 申请办结
	StateDone                State = "done"                 // 已办结
	StateCancelled           State = "cancelled"            // 已撤销
)

// States in workflow order (for filters).
var States = []State{StateDraft, StateAssigned, StateReturnedByUnit, StateSigned, StateInProgress,
	StateCompletionRequested, StateDone, StateCancelled}

// Final reports whether no action can follow s.
func (s State) Final() bool { return s == StateDone || s == StateCancelled }

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Sources of a task: 活动方案, 会议议定, 领导批示, 调研发现, 督查发现, 群众诉求.
var Sources = []string{"plan", "meeting", "instruction", "research", "inspection", "appeal"}

// Cycles are the report cycles.
var Cycles = []string{"weekly", "biweekly", "monthly", "none"}

// Tags the office usually picks from; others may be typed.
var Tags = []string{"产业发展", "民生改善", "资源整合", "社会治理", "宣传", "基层党建", "生态环境"}

// Task is one item of the campaign plan.
type Task struct {
	ID               int64
	CampaignID       int64
	CampaignName     string
	ParentID         int64
	ParentTitle      string
	PhaseID          int64
	PhaseName        string
	Title            string
	Content          string
	Weight           int
	Source           string
	LeadUnitID       int64
	LeadUnitName     string
	ResponsibleID    int64
	ResponsibleName  string
	LeaderID         int64
	LeaderName       string
	StartDate        string
	Deadline         string
	OriginalDeadline string
	SignDue          string
	ReportCycle      string
	State            State
	Progress         int
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	SignedAt         *time.Time // when the lead unit signed for it (签收); nil before
	CoUnits          []UnitRef
	Tags             []string
	Milestones       []Milestone
	// Light is the computed light (red, yellow, green, grey); filled by
	// decorate, empty when not computed.
	Light Light
	// lightWhy are the reasons for Light, kept by fillLights so that an
	// answer giving them does not compute the light twice; nil when not computed.
	lightWhy []Reason
}

// UnitRef names a unit.
type UnitRef struct {
	ID   int64
	Name string
}

// Milestone is a dated step inside a task.
type Milestone struct {
	ID    int64
	Title string
	Date  string
}

// HasCoUnit reports whether unit co-handles the task.
func (t *Task) HasCoUnit(unit int64) bool {
	return slices.ContainsFunc(t.CoUnits, func(u UnitRef) bool { return u.ID == unit })
}

// CoUnitIDs lists the co-units' ids.
func (t *Task) CoUnitIDs() []int64 {
	ids := make([]int64, len(t.CoUnits))
	for i, u := range t.CoUnits {
		ids[i] = u.ID
	}
	return ids
}

// Overdue reports whether the task is open past its deadline on today.
func (t Task) Overdue(today string) bool { return !t.State.Final() && t.Deadline < today }

// auditView is the task as the audit log keeps it (no personal data beyond ids).
func (t *Task) auditView() map[string]any {
	return map[string]any{"title": t.Title, "state": t.State, "lead_unit": t.LeadUnitID, "deadline": t.Deadline,
		"start": t.StartDate, "progress": t.Progress, "weight": t.Weight, "version": t.Version}
}
