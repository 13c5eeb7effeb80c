package portal

import (
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

type publishListPage struct {
	Campaigns []task.Campaign
	Published map[int64]bool
}

// PublishList is GET /portal/publish (office): the campaigns and whether each is on the portal.
func (p *Portal) PublishList(w http.ResponseWriter, r *http.Request) error {
	u := auth.From(r.Context())
	cs, err := p.Tasks.Campaigns(r.Context(), u)
	if err != nil {
		return err
	}
	pub, err := publishedCampaigns(r.Context(), p.DB)
	if err != nil {
		return err
	}
	return p.UI.Render(w, r, http.StatusOK, "portal_publish_list", publishListPage{Campaigns: cs, Published: pub})
}

type publishPage struct {
	Campaign    task.Campaign
	Tasks       []task.Task
	Publication Publication
}

// PublishForm is GET /portal/publish/{id}: publish or not, all tasks or the ones ticked.
func (p *Portal) PublishForm(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	u := auth.From(r.Context())
	c, err := p.Tasks.Campaign(r.Context(), u, id)
	if err != nil {
		return err
	}
	ts, err := p.campaignTasks(r.Context(), id)
	if err != nil {
		return err
	}
	pb, err := publication(r.Context(), p.DB, id)
	if err != nil {
		return err
	}
	if !pb.Published {
		pb.AllTasks = true
	}
	return p.UI.Render(w, r, http.StatusOK, "portal_publish", publishPage{Campaign: c, Tasks: ts, Publication: pb})
}

// PublishSave is POST /portal/publish/{id}/save.
func (p *Portal) PublishSave(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	pb := Publication{Published: r.PostFormValue("published") == "1", AllTasks: r.PostFormValue("scope") != "selected",
		Tasks: map[int64]bool{}}
	for _, s := range r.PostForm["task"] {
		if t, err := strconv.ParseInt(s, 10, 64); err == nil {
			pb.Tasks[t] = true
		}
	}
	if err := p.SetPublication(r.Context(), auth.From(r.Context()), id, pb); err != nil {
		return err
	}
	ui.Flash(w, "portal.publish.saved")
	return ui.Redirect(w, r, "/portal/publish/"+strconv.FormatInt(id, 10))
}
