package notify

import (
	"net/http"

	"tongchou/internal/notify/jobs"
)

type jobsPage struct {
	Jobs    []jobs.Job
	Runs    []jobs.JobRun
	Counts  OutboxCounts
	Outbox  []OutboxEntry
	Backlog bool // deliveries wait or failed: worth a look
}

// AdminJobs is GET /admin/jobs for the system admin: every job with its
// schedule, last run, outcome and next run, the recent runs, and the outbox.
func (p *Pages) AdminJobs(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var page jobsPage
	var err error
	if page.Jobs, err = jobs.List(ctx, p.svc.db); err != nil {
		return err
	}
	if page.Runs, err = jobs.RecentRuns(ctx, p.svc.db, "", 50); err != nil {
		return err
	}
	if page.Counts, page.Outbox, err = p.svc.Outbox(ctx, 20); err != nil {
		return err
	}
	page.Backlog = page.Counts.Pending > 0 || page.Counts.Failed > 0
	return p.ui.Render(w, r, http.StatusOK, "notify_jobs", page)
}
