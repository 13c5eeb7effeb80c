package meeting

import (
	"slices"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/task"
)

// Kinds of meeting.
const (
	KindDispatch     = "dispatch"     // 调度会
	KindForum        = "forum"        // 座谈会 (symposium with the public)
	KindCoordination = "coordination" // 专题协调会
	KindProgress     = "progress"     // 推进会
)

// Kinds in display order.
var Kinds = []string{KindDispatch, KindForum, KindCoordination, KindProgress}

// ValidKind reports whether k is a known kind.
func ValidKind(k string) bool { return slices.Contains(Kinds, k) }

// States of a meeting.
const (
	StatePlanned = "planned"
	StateHeld    = "held"
)

// Meeting is one meeting of a campaign.
type Meeting struct {
	ID                   int64
	CampaignID           int64
	CampaignName         string
	Kind                 string
	Title                string
	HeldAt               time.Time // UTC
	Place                string
	ChairID              int64
	ChairName            string
	Agenda               string
	StatementDue         *time.Time // nil: no statements requested
	Minutes              string
	MinutesPublishedAt   *time.Time
	DecisionsPublishedAt *time.Time
	State                string
	Version              int
	CreatedAt            time.Time
	UpdatedAt            time.Time
	Units                []Unit // attending units, with their statements
}

// Unit is an attending unit and its statement (汇报材料).
type Unit struct {
	UnitID      int64
	Name        string
	Requested   bool
	Statement   string
	StatementBy string     // the submitter's name
	StatementAt *time.Time // nil: nothing submitted
}

// Submitted reports whether the unit has handed in its statement.
func (u Unit) Submitted() bool { return u.StatementAt != nil }

// Late reports whether the statement came (or, still missing at now, is)
// after the deadline due.
func (u Unit) Late(due *time.Time, now time.Time) bool {
	if !u.Requested || due == nil {
		return false
	}
	if u.StatementAt != nil {
		return u.StatementAt.After(*due)
	}
	return now.After(*due)
}

// UnitIDs lists the attending units' ids.
func (m *Meeting) UnitIDs() []int64 {
	ids := make([]int64, len(m.Units))
	for i, u := range m.Units {
		ids[i] = u.UnitID
	}
	return ids
}

// Attends reports whether unit attends m.
func (m *Meeting) Attends(unit int64) bool { return slices.Contains(m.UnitIDs(), unit) }

// Attendee is one person's attendance.
type Attendee struct {
	ID         int64
	UnitID     int64
	UnitName   string
	UserID     int64
	Name       string
	Status     string // '' | present | absent | substitute
	Substitute string // who came instead
}

// Attendance statuses.
var Statuses = []string{"", "present", "absent", "substitute"}

// Decision is one decision (议定事项) of a meeting; published, it is a task.
type Decision struct {
	ID           int64
	MeetingID    int64
	Seq          int
	Text         string
	LeadUnitID   int64 // 0: none yet
	LeadUnitName string
	Deadline     string // 'YYYY-MM-DD'; '' none yet
	CoUnits      []task.UnitRef
	TaskID       int64      // 0 until published
	TaskState    task.State // the linked task's state; '' until published
	TaskDeadline string     // the linked task's deadline in force (after extensions)
	Light        task.Light // filled by the meeting page only
}

// Opinion is an opinion raised at a symposium, by a participant group.
type Opinion struct {
	ID          int64
	MeetingID   int64
	Group       string
	Text        string
	TaskID      int64
	TaskState   task.State
	TaskTitle   string
	AppealID    int64
	AppealState string
	CreatedAt   time.Time
}

// Store reads and changes meetings. Every change is audited in the same
// transaction; reads are limited to the viewer's scope.
type Store struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
	tasks *task.Store
}

// New returns a Store.
func New(db *store.DB, log *audit.Log, now func() time.Time) *Store {
	return &Store{db: db, audit: log, now: now, tasks: task.New(db, log, now)}
}

// Value times for templates (zero when unset).
func val(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// Due is the statement deadline, zero when none was set.
func (m Meeting) Due() time.Time { return val(m.StatementDue) }

// MinutesAt is when the minutes were published, zero when not yet.
func (m Meeting) MinutesAt() time.Time { return val(m.MinutesPublishedAt) }

// At is when the statement was handed in, zero when not yet.
func (u Unit) At() time.Time { return val(u.StatementAt) }
