package briefing

// Figures are everything a briefing says, computed from tasks, reports and
// notices for one campaign and one period. They are stored as JSON with a
// published briefing, so field names are part of the stored format.
type Figures struct {
	CampaignID   int64      `json:"campaign_id"`
	CampaignName string     `json:"campaign_name"`
	From         string     `json:"from"` // first day of the period, 'YYYY-MM-DD'
	To           string     `json:"to"`   // last day, which is also the day lights are judged on
	Empty        bool       `json:"empty"`
	Settings     Settings   `json:"settings"`
	Overall      Overall    `json:"overall"`
	Change       *Change    `json:"change,omitempty"`
	Units        []UnitRow  `json:"units"`
	Series       []Series   `json:"series"`
	Highlights   []TaskItem `json:"highlights"`
	Problems     Problems   `json:"problems"`
	Decisions    []Decision `json:"decisions"`
	MeetingTitle string     `json:"meeting_title,omitempty"`
	NextFrom     string     `json:"next_from"`
	NextTo       string     `json:"next_to"`
	NextSteps    []TaskItem `json:"next_steps"`
	Milestones   []TaskItem `json:"milestones"`
}

// Overall is the campaign's progress as a whole.
type Overall struct {
	Tasks           int            `json:"tasks"` // handed over (not draft), not cancelled
	ByState         map[string]int `json:"by_state"`
	ByLight         map[string]int `json:"by_light"`
	Done            int            `json:"done"`           // done by the end of the period
	DoneInPeriod    int            `json:"done_in_period"` // done within it
	ReportsDue      int            `json:"reports_due"`
	OnTime          int            `json:"on_time"`
	Late            int            `json:"late"`
	Missing         int            `json:"missing"`
	CompletionDue   int            `json:"completion_due"`    // deadline in the period or done in it
	CompletedOnTime int            `json:"completed_on_time"` // of those, done by the deadline
}

// CompletionRate is done ÷ tasks in percent (one decimal); -1 without tasks.
func (o Overall) CompletionRate() float64 { return pct(o.Done, o.Tasks) }

// OnTimeRate is the on-time report rate in percent; -1 when nothing was due.
func (o Overall) OnTimeRate() float64 { return pct(o.OnTime, o.ReportsDue) }

// OnTimeCompletionRate is the on-time completion rate in percent; -1 when nothing was due.
func (o Overall) OnTimeCompletionRate() float64 { return pct(o.CompletedOnTime, o.CompletionDue) }

// Change compares with the last published briefing of the campaign.
type Change struct {
	Number         string  `json:"number"`
	CompletionRate float64 `json:"completion_rate"` // points since then
	OnTimeRate     float64 `json:"on_time_rate"`    // points; meaningful when both had reports due
	HasOnTime      bool    `json:"has_on_time"`
	Done           int     `json:"done"`
	Red            int     `json:"red"`
}

// UnitRow is one unit's figures (as the lead unit of its tasks).
type UnitRow struct {
	UnitID          int64   `json:"unit_id"`
	Name            string  `json:"name"`
	Kind            string  `json:"kind"`
	Series          string  `json:"series"` // "department", "town" or "" (not ranked)
	Tasks           int     `json:"tasks"`
	Open            int     `json:"open"`
	Done            int     `json:"done"`
	DoneInPeriod    int     `json:"done_in_period"`
	ReportsDue      int     `json:"reports_due"`
	OnTime          int     `json:"on_time"`
	Late            int     `json:"late"`
	Missing         int     `json:"missing"`
	CompletionDue   int     `json:"completion_due"`
	CompletedOnTime int     `json:"completed_on_time"`
	Red             int     `json:"red"`
	Yellow          int     `json:"yellow"`
	Scored          bool    `json:"scored"` // false: 无应办事项, not ranked
	Score           float64 `json:"score"`  // 0–100, one decimal
	Rank            int     `json:"rank"`   // within the series; 0 when not ranked
}

// OnTimeRate is the unit's on-time report rate in percent; -1 when nothing was due.
func (u UnitRow) OnTimeRate() float64 { return pct(u.OnTime, u.ReportsDue) }

// OnTimeCompletionRate is the unit's on-time completion rate; -1 when nothing was due.
func (u UnitRow) OnTimeCompletionRate() float64 { return pct(u.CompletedOnTime, u.CompletionDue) }

// NotRedShare is the share of open tasks not red, in percent; -1 without open tasks.
func (u UnitRow) NotRedShare() float64 { return pct(u.Open-u.Red, u.Open) }

// Series is one 序列's ranking with its 红榜 and 黑榜.
type Series struct {
	Key   string    `json:"key"` // department | town
	Rows  []UnitRow `json:"rows"`
	Red   []UnitRow `json:"red"`   // 红榜: the best that met the target
	Black []UnitRow `json:"black"` // 黑榜: the worst that missed it
}

// TaskItem is a task (or a milestone of one) named in the text.
type TaskItem struct {
	TaskID   int64  `json:"task_id"`
	Title    string `json:"title"`
	UnitID   int64  `json:"unit_id"`
	Unit     string `json:"unit"`
	Date     string `json:"date,omitempty"` // done date, deadline or milestone date
	Detail   string `json:"detail,omitempty"`
	Progress int    `json:"progress"`
}

// UnitCount names a unit with a count (late or missing reports).
type UnitCount struct {
	UnitID int64  `json:"unit_id"`
	Unit   string `json:"unit"`
	Count  int    `json:"count"`
}

// Problems are what the briefing names.
type Problems struct {
	RedTasks     []TaskItem  `json:"red_tasks"`
	Returned     []TaskItem  `json:"returned"`      // reports sent back in the period
	LateUnits    []UnitCount `json:"late_units"`    // units that reported late
	MissingUnits []UnitCount `json:"missing_units"` // units that did not report
	Coordination []TaskItem  `json:"coordination"`  // reports flagged 需协调
	Named        []TaskItem  `json:"named"`         // red-rung notices (通报点名)
	NoticeIDs    []int64     `json:"notice_ids"`    // marked briefed on publish
}

// Decision is a decision of the last dispatch meeting with its task's state.
type Decision struct {
	Seq      int    `json:"seq"`
	Text     string `json:"text"`
	Unit     string `json:"unit"`
	Deadline string `json:"deadline"`
	TaskID   int64  `json:"task_id"`
	State    string `json:"state"`
	Light    string `json:"light"`
}

// Basis lists what the figures were computed from, kept with a published briefing.
type Basis struct {
	Tasks []int64 `json:"tasks"`
	Units []int64 `json:"units"`
}

// pct is n ÷ d in percent with one decimal; -1 when d is 0.
func pct(n, d int) float64 {
	if d == 0 {
		return -1
	}
	return round1(100 * float64(n) / float64(d))
}

// round1 rounds half away from zero to one decimal.
func round1(v float64) float64 {
	if v < 0 {
		return -round1(-v)
	}
	return float64(int64(v*10+0.5)) / 10
}
