package appeal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// toTask turns the appeal into a draft task of the campaign (source 群众诉求,
// "appeal"), led by the handling unit (or the unit given), due on the
// date given or else the appeal's due date, and links it. The office then
// assigns it on the task page like any other.
func (s *Store) toTask(ctx context.Context, tx *store.Tx, p *auth.Principal, a *Appeal, in ActInput) error {
	if s.Tasks == nil {
		return fmt.Errorf("appeal to task: no task store")
	}
	errs := ui.Errors{}
	var campaignEnd string
	err := tx.QueryRow(ctx, `SELECT end_date FROM campaigns WHERE id = ?`, in.CampaignID).Scan(&campaignEnd)
	if err = store.NotFound(err, "campaign"); errors.Is(err, store.ErrNotFound) {
		errs["campaign"] = "appeal.err.campaign"
	} else if err != nil {
		return err
	}
	lead := a.UnitID
	if in.UnitID != 0 {
		lead = in.UnitID
	}
	if err := unitActive(ctx, tx, lead); err != nil {
		errs["unit"] = "appeal.err.unit"
	}
	today := s.now().In(ui.Shanghai).Format(time.DateOnly)
	deadline := strings.TrimSpace(in.Date)
	if deadline == "" {
		deadline = a.DueAt.In(ui.Shanghai).Format(time.DateOnly)
	}
	if d, err := time.Parse(time.DateOnly, deadline); err != nil || deadline < today || d.Year() > 2100 {
		errs["date"] = "appeal.err.date"
	}
	if len(errs) > 0 {
		return errs
	}
	title := "群众诉求 " + a.Code + " " + a.Category
	content := a.Description
	if utf8.RuneCountInString(content) > 1000 {
		content = string([]rune(content)[:1000])
	}
	if in.Reason != "" {
		content = in.Reason + "\n\n" + content
	}
	id, err := s.Tasks.CreateIn(ctx, tx, p, task.Input{CampaignID: in.CampaignID, Title: title, Content: content, Weight: 1,
		Source: "appeal", LeadUnitID: lead, StartDate: today, Deadline: deadline, ReportCycle: "none"}, task.StateDraft)
	if err != nil {
		return fmt.Errorf("appeal to task: %w", err)
	}
	if err := s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: strconv.FormatInt(id, 10), Action: "create",
		After: map[string]any{"title": title, "source": "appeal", "appeal": a.Code}}); err != nil {
		return err
	}
	return s.move(ctx, tx, p, a, string(ActToTask), "", a.UnitID, in.Reason, []string{"task_id = ?"}, []any{id}, s.now().UTC())
}
