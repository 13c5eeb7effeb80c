package task

import "time"

// The JSON shapes of the API; openapi.json documents each one.

type apiRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ref is a nullable reference: nil when id is 0.
func ref(id int64, name string) *apiRef {
	if id == 0 {
		return nil
	}
	return &apiRef{ID: id, Name: name}
}

func refList(us []UnitRef) []apiRef {
	out := make([]apiRef, len(us))
	for i, u := range us {
		out[i] = apiRef{ID: u.ID, Name: u.Name}
	}
	return out
}

type apiReason struct {
	Key  string `json:"key"`
	Arg  string `json:"arg,omitempty"`
	Text string `json:"text"`
}

type apiPhase struct {
	ID    int64  `json:"id"`
	Seq   int    `json:"seq"`
	Name  string `json:"name"`
	Start string `json:"start"`
	End   string `json:"end"`
}

type apiSettings struct {
	LagRed     int `json:"lag_red"`
	LagYellow  int `json:"lag_yellow"`
	DueDays    int `json:"due_days"`
	OrangeDays int `json:"orange_days"`
	RedDays    int `json:"red_days"`
}

type apiCampaign struct {
	ID          int64       `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Start       string      `json:"start"`
	End         string      `json:"end"`
	OwnerUnit   apiRef      `json:"owner_unit"`
	Settings    apiSettings `json:"settings"`
	Phases      []apiPhase  `json:"phases"`
	TaskCount   *int        `json:"task_count,omitempty"`
	Version     int         `json:"version"`
}

func campaignJSON(c Campaign) apiCampaign {
	st := c.Settings
	out := apiCampaign{ID: c.ID, Name: c.Name, Description: c.Description, Start: c.StartDate, End: c.EndDate,
		OwnerUnit: apiRef{ID: c.OwnerUnitID, Name: c.OwnerUnitName}, Phases: []apiPhase{}, Version: c.Version,
		Settings: apiSettings{LagRed: st.LagRed, LagYellow: st.LagYellow, DueDays: st.DueDays, OrangeDays: st.OrangeDays, RedDays: st.RedDays}}
	for _, p := range c.Phases {
		out.Phases = append(out.Phases, apiPhase{ID: p.ID, Seq: p.Seq, Name: p.Name, Start: p.StartDate, End: p.EndDate})
	}
	return out
}

// apiTaskItem is a task as lists show it.
type apiTaskItem struct {
	ID               int64       `json:"id"`
	ParentID         *int64      `json:"parent_id"`
	Title            string      `json:"title"`
	LeadUnit         apiRef      `json:"lead_unit"`
	CoUnits          []apiRef    `json:"co_units"`
	State            State       `json:"state"`
	Progress         int         `json:"progress"`
	Start            string      `json:"start"`
	Deadline         string      `json:"deadline"`
	OriginalDeadline string      `json:"original_deadline"`
	Light            Light       `json:"light"`
	LightReasons     []apiReason `json:"light_reasons"`
	Version          int         `json:"version"`
}

func taskItemJSON(t *Task, reasons []apiReason) apiTaskItem {
	out := apiTaskItem{ID: t.ID, Title: t.Title, LeadUnit: apiRef{ID: t.LeadUnitID, Name: t.LeadUnitName},
		CoUnits: refList(t.CoUnits), State: t.State, Progress: t.Progress, Start: t.StartDate, Deadline: t.Deadline,
		OriginalDeadline: t.OriginalDeadline, Light: t.Light, LightReasons: reasons, Version: t.Version}
	if out.LightReasons == nil {
		out.LightReasons = []apiReason{}
	}
	if t.ParentID != 0 {
		out.ParentID = &t.ParentID
	}
	return out
}

type apiMilestone struct {
	ID    int64  `json:"id,omitempty"`
	Title string `json:"title"`
	Date  string `json:"date"`
}

type apiEvent struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	From    State     `json:"from"`
	To      State     `json:"to"`
	Comment string    `json:"comment"`
}

// apiTask is one task with everything its page shows.
type apiTask struct {
	apiTaskItem
	CampaignID  int64          `json:"campaign_id"`
	Phase       *apiRef        `json:"phase"`
	Content     string         `json:"content"`
	Weight      int            `json:"weight"`
	Source      string         `json:"source"`
	Responsible *apiRef        `json:"responsible"`
	Leader      *apiRef        `json:"leader"`
	SignDue     string         `json:"sign_due"`
	ReportCycle string         `json:"report_cycle"`
	Tags        []string       `json:"tags"`
	Milestones  []apiMilestone `json:"milestones"`
	Timeline    []apiEvent     `json:"timeline"`
	Actions     []Action       `json:"actions"`
}

type apiReport struct {
	ID                int64      `json:"id"`
	TaskID            int64      `json:"task_id"`
	DueDate           string     `json:"due_date"`
	UnitID            int64      `json:"unit_id"`
	Author            apiRef     `json:"author"`
	WorkDone          string     `json:"work_done"`
	Progress          int        `json:"progress"`
	Problems          string     `json:"problems"`
	NeedsCoordination bool       `json:"needs_coordination"`
	CoordUnit         *apiRef    `json:"coord_unit"`
	CoordLeader       *apiRef    `json:"coord_leader"`
	NextSteps         string     `json:"next_steps"`
	Status            string     `json:"status"`
	SubmittedAt       time.Time  `json:"submitted_at"`
	Late              bool       `json:"late"`
	Reviewer          string     `json:"reviewer"`
	ReviewedAt        *time.Time `json:"reviewed_at"`
	ReviewComment     string     `json:"review_comment"`
	Version           int        `json:"version"`
}

func reportJSON(r Report) apiReport {
	out := apiReport{ID: r.ID, TaskID: r.TaskID, DueDate: r.DueDate, UnitID: r.UnitID,
		Author: apiRef{ID: r.AuthorID, Name: r.AuthorName}, WorkDone: r.WorkDone, Progress: r.Progress, Problems: r.Problems,
		NeedsCoordination: r.NeedsCoordination, CoordUnit: ref(r.CoordUnitID, r.CoordUnitName),
		CoordLeader: ref(r.CoordLeaderID, r.CoordLeaderName), NextSteps: r.NextSteps, Status: r.Status,
		SubmittedAt: r.SubmittedAt.UTC(), Late: r.Late, Reviewer: r.ReviewerName, ReviewComment: r.ReviewComment, Version: r.Version}
	if !r.ReviewedAt.IsZero() {
		at := r.ReviewedAt.UTC()
		out.ReviewedAt = &at
	}
	return out
}
