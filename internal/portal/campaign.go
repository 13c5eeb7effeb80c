package portal

import (
	"net/http"
	"strconv"

	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

var errForbidden = ui.ErrForbidden

// PublicTask is a task as the portal shows it: no units, people or content.
type PublicTask struct {
	Title    string
	State    task.State
	Light    task.Light
	Progress int
	Deadline string
}

// Progress is a published campaign's public summary.
type Progress struct {
	ID         int64
	Name       string
	Phase      string
	StartDate  string
	EndDate    string
	Tasks      []PublicTask
	Done       int
	Completion int // mean progress of the tasks shown, in percent
	Lights     map[string]int
}

// progress builds campaign's public view, or store.ErrNotFound when it is
// not published.
func (p *Portal) progress(r *http.Request, id int64) (Progress, error) {
	ctx := r.Context()
	pb, err := publication(ctx, p.DB, id)
	if err != nil {
		return Progress{}, err
	}
	if !pb.Published {
		return Progress{}, store.ErrNotFound
	}
	c, err := p.Tasks.Campaign(ctx, reader, id)
	if err != nil {
		return Progress{}, err
	}
	ts, err := p.campaignTasks(ctx, id)
	if err != nil {
		return Progress{}, err
	}
	pr := Progress{ID: c.ID, Name: c.Name, StartDate: c.StartDate, EndDate: c.EndDate, Lights: map[string]int{}}
	if ph := c.CurrentPhase(p.today()); ph != nil {
		pr.Phase = ph.Name
	}
	sum := 0
	for _, t := range ts {
		if !pb.Shows(t.ID) || t.State == task.StateDraft || t.State == task.StateCancelled {
			continue
		}
		pr.Tasks = append(pr.Tasks, PublicTask{Title: t.Title, State: t.State, Light: t.Light, Progress: t.Progress, Deadline: t.Deadline})
		pr.Lights[string(t.Light)]++
		sum += t.Progress
		if t.State == task.StateDone {
			pr.Done++
		}
	}
	if len(pr.Tasks) > 0 {
		pr.Completion = sum / len(pr.Tasks)
	}
	return pr, nil
}

// Campaign is GET /public/campaigns/{id}.
func (p *Portal) Campaign(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	pr, err := p.progress(r, id)
	if err != nil {
		return err
	}
	return p.UI.Render(w, r, http.StatusOK, "portal_campaign", pr)
}
