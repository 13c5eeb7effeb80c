package appeal

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/workday"
)

// State is where an appeal stands in the workflow (see workflow.go).
type State string

// The states, in the order an appeal passes through them.
const (
	StateReceived   State = "received"   // 受理: registered, waiting for dispatch
	StateDispatched State = "dispatched" // 派单: waiting for the unit to sign
	StateBack       State = "back"       // 退单: the unit sent it back, the office decides
	StateSigned     State = "signed"     // 签收: the unit is handling it (also after 重办)
	StateAnswered   State = "answered"   // 办理结果 given, the office reviews it
	StateRating     State = "rating"     // answer approved: waiting for the rating / 回访
	StateClosed     State = "closed"     // 办结
)

// States lists every state in workflow order (filters, statistics).
var States = []State{StateReceived, StateDispatched, StateBack, StateSigned, StateAnswered, StateRating, StateClosed}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Open reports whether the appeal still runs against its time limit.
func (s State) Open() bool { return s != StateClosed && s != StateRating }

// Time-limit classes.
const (
	ClassUrgent    = "urgent"    // 紧急: 24 clock hours
	ClassEnquiry   = "enquiry"   // 咨询/求助: 3 working days
	ClassComplaint = "complaint" // 投诉/举报/建议: 13 working days
)

// Classes lists the classes.
var Classes = []string{ClassUrgent, ClassEnquiry, ClassComplaint}

// Sources of an appeal.
const (
	SourcePublic  = "public"  // the public form
	SourcePhone   = "phone"   // registered by staff from a call
	SourceVisit   = "visit"   // registered from a research visit
	SourceForum   = "forum"   // raised at a symposium (座谈会)
	SourceOpen311 = "open311" // Open311 GeoReport client
)

// Ratings.
const (
	RatingSatisfied   = "satisfied"   // 满意
	RatingBasic       = "basic"       // 基本满意
	RatingUnsatisfied = "unsatisfied" // 不满意
)

// Rating channels.
const (
	ViaTracker  = "tracker"  // the citizen on the tracking page
	ViaCallback = "callback" // office staff after a call-back (回访)
)

// Store keeps appeals. Personal data is sealed with suite; photos are blobs
// in files.
type Store struct {
	db    *store.DB
	audit *audit.Log
	suite crypt.Suite
	files *files.Store
	now   func() time.Time

	// Tasks creates the task an appeal becomes (ActToTask); set by the app.
	Tasks *task.Store

	queueMu  sync.Mutex // guards queue
	queue    []*pendingAppeal
	commitMu sync.Mutex // one group commit at a time
	groups   atomic.Int64
	grouped  atomic.Int64

	refsMu sync.Mutex
	refs   *refs
	refsAt time.Time

	calMu   sync.Mutex
	cal     *workday.Calendar
	calAt   time.Time
	limitMu sync.Mutex
	limits  *limitSet
	limitAt time.Time
}

// New returns a Store. fs may be nil when photos are not used (tests).
func New(db *store.DB, log *audit.Log, suite crypt.Suite, fs *files.Store, now func() time.Time) *Store {
	return &Store{db: db, audit: log, suite: suite, files: fs, now: now}
}

// DB is the database the store works on.
func (s *Store) DB() *store.DB { return s.db }

// Suite is the cipher and keyed hash the store seals personal data with.
func (s *Store) Suite() crypt.Suite { return s.suite }

// cacheFor is how long the calendar and the limits are reused between reads:
// intake runs thousands of times a second and both change a few times a year.
const cacheFor = 30 * time.Second

// calendar returns the working-day calendar, re-read at most every cacheFor.
func (s *Store) calendar(ctx context.Context, q store.Querier) (*workday.Calendar, error) {
	s.calMu.Lock()
	defer s.calMu.Unlock()
	now := time.Now()
	if s.cal != nil && now.Sub(s.calAt) < cacheFor {
		return s.cal, nil
	}
	c, err := workday.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	s.cal, s.calAt = c, now
	return c, nil
}

// ForgetCache drops the cached calendar and limits (after an edit, in tests).
func (s *Store) ForgetCache() {
	s.calMu.Lock()
	s.cal = nil
	s.calMu.Unlock()
	s.limitMu.Lock()
	s.limits = nil
	s.limitMu.Unlock()
	s.refsMu.Lock()
	s.refs = nil
	s.refsMu.Unlock()
}
