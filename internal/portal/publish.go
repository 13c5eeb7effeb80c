package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
)

// Publication is what the office chose to show of a campaign on the portal.
type Publication struct {
	Published bool
	AllTasks  bool
	Tasks     map[int64]bool // the tasks shown when not AllTasks
}

// Shows reports whether task id is on the portal.
func (pb Publication) Shows(id int64) bool { return pb.Published && (pb.AllTasks || pb.Tasks[id]) }

// publication reads campaign's choice; an unpublished campaign is the zero value.
func publication(ctx context.Context, q store.Querier, campaign int64) (Publication, error) {
	pb := Publication{Tasks: map[int64]bool{}}
	err := q.QueryRow(ctx, `SELECT all_tasks FROM portal_campaigns WHERE campaign_id = ?`, campaign).Scan(&pb.AllTasks)
	if errors.Is(err, sql.ErrNoRows) {
		return pb, nil
	}
	if err != nil {
		return pb, fmt.Errorf("read publication: %w", err)
	}
	pb.Published = true
	rows, err := q.Query(ctx, `SELECT task_id FROM portal_tasks WHERE campaign_id = ?`, campaign)
	if err != nil {
		return pb, fmt.Errorf("published tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return pb, err
		}
		pb.Tasks[id] = true
	}
	return pb, rows.Err()
}

// publishedCampaigns lists the ids of the published campaigns.
func publishedCampaigns(ctx context.Context, q store.Querier) (map[int64]bool, error) {
	rows, err := q.Query(ctx, `SELECT campaign_id FROM portal_campaigns`)
	if err != nil {
		return nil, fmt.Errorf("published campaigns: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// SetPublication stores the office's choice for campaign (tasks must belong
// to it; others are ignored), with its audit entry. Office only.
func (p *Portal) SetPublication(ctx context.Context, u *auth.Principal, campaign int64, pb Publication) error {
	if !u.Has(auth.RoleOffice) {
		return errForbidden
	}
	return p.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT id FROM campaigns WHERE id = ?`, campaign).Scan(&n); err != nil {
			return store.NotFound(err, "campaign")
		}
		before, err := publication(ctx, tx, campaign)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM portal_tasks WHERE campaign_id = ?`, campaign); err != nil {
			return fmt.Errorf("clear published tasks: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM portal_campaigns WHERE campaign_id = ?`, campaign); err != nil {
			return fmt.Errorf("clear publication: %w", err)
		}
		var ids []int64
		if pb.Published {
			if _, err := tx.Exec(ctx, `INSERT INTO portal_campaigns (campaign_id, all_tasks, published_at, published_by) VALUES (?, ?, ?, ?)`,
				campaign, pb.AllTasks, p.Now().UTC(), u.ID); err != nil {
				return fmt.Errorf("publish campaign: %w", err)
			}
			if ids, err = p.insertTasks(ctx, tx, campaign, pb); err != nil {
				return err
			}
		}
		return p.Audit.Record(ctx, tx, audit.Entry{Entity: "portal_campaign", EntityID: strconv.FormatInt(campaign, 10), Action: "publish",
			Before: map[string]any{"published": before.Published, "all_tasks": before.AllTasks, "tasks": len(before.Tasks)},
			After:  map[string]any{"published": pb.Published, "all_tasks": pb.AllTasks, "tasks": ids}})
	})
}

func (p *Portal) insertTasks(ctx context.Context, tx *store.Tx, campaign int64, pb Publication) ([]int64, error) {
	if pb.AllTasks {
		return nil, nil
	}
	var ids []int64
	for id := range pb.Tasks {
		res, err := tx.Exec(ctx, `INSERT INTO portal_tasks (task_id, campaign_id) SELECT id, campaign_id FROM tasks WHERE id = ? AND campaign_id = ?`,
			id, campaign)
		if err != nil {
			return nil, fmt.Errorf("publish task: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// reader is the principal the portal reads campaign tasks as: all units, no
// user. Only what the publication allows leaves the package.
var reader = &auth.Principal{Roles: []auth.Role{auth.RoleOffice}}

// campaignTasks lists every task of campaign with its computed light.
func (p *Portal) campaignTasks(ctx context.Context, campaign int64) ([]task.Task, error) {
	var out []task.Task
	for page := 1; ; page++ {
		b, err := p.Tasks.List(ctx, reader, task.Filter{CampaignID: campaign, Page: page})
		if err != nil {
			return nil, err
		}
		out = append(out, b.Tasks...)
		if page >= b.Pages {
			return out, nil
		}
	}
}
