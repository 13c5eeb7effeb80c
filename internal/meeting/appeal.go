package meeting

import (
	"context"
	"fmt"
	"net/http"

	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// AppealRegistrar is what the appeals part offers for turning a symposium
// opinion into an appeal (satisfied by *appeal.Store).
type AppealRegistrar interface {
	RegisterIn(ctx context.Context, tx *store.Tx, p *auth.Principal, in appeal.Intake) (int64, string, error)
	Categories(ctx context.Context) ([]appeal.Category, error)
}

// OpinionToAppeal registers opinion oid as an appeal (source forum) in the
// village region and category given, and links it, in one transaction; the
// office only.
func (s *Store) OpinionToAppeal(ctx context.Context, p *auth.Principal, reg AppealRegistrar, oid, category, region int64) (int64, error) {
	var aid int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, m, err := s.opinion(ctx, tx, p, oid)
		if err != nil {
			return err
		}
		desc := clip(o.Text+"（"+m.Title+" · "+o.Group+"）", appeal.MaxDescription)
		if aid, _, err = reg.RegisterIn(ctx, tx, p, appeal.Intake{CategoryID: category, RegionID: region, Description: desc,
			Source: "forum"}); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE meeting_opinions SET appeal_id = ? WHERE id = ? AND task_id IS NULL AND appeal_id IS NULL`, aid, oid)
		if err := linked(res, err, oid); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "meeting_opinion", EntityID: itoa(oid), Action: "to_appeal",
			Before: map[string]any{"appeal": nil}, After: map[string]any{"appeal": aid, "category": category, "region": region}})
	})
	return aid, err
}

// appealChoices fills the selects of the "turn into appeal" form when the
// appeals part is wired.
func (h *Pages) appealChoices(r *http.Request, p *showPage) error {
	if h.appeals == nil || p.M.Kind != KindForum {
		return nil
	}
	cs, err := h.appeals.Categories(r.Context())
	if err != nil {
		return err
	}
	lang := ui.Lang(r)
	for _, c := range cs {
		p.Categories = append(p.Categories, Choice{ID: c.ID, Name: c.Label(lang)})
	}
	// Villages and communities valid today, the transferred ones included.
	if p.Villages, err = choices(r.Context(), h.s.db, `SELECT id, name FROM regions WHERE level IN ('village', 'community')
		ORDER BY name, id`); err != nil {
		return err
	}
	p.Appeals = true
	return nil
}

// OpinionToAppeal is POST /meetings/{id}/opinions/{oid}/appeal (office).
func (h *Pages) OpinionToAppeal(w http.ResponseWriter, r *http.Request) error {
	if h.appeals == nil {
		return fmt.Errorf("appeals not wired: %w", store.ErrNotFound)
	}
	m, oid, err := h.opinionOf(r)
	if err != nil {
		return err
	}
	errs := ui.Errors{}
	category, region := formID(r, "category", errs), formID(r, "region", errs)
	if category == 0 {
		errs["category"] = "form.required"
	}
	if region == 0 {
		errs["region"] = "form.required"
	}
	if len(errs) > 0 {
		return h.redisplay(w, r, m, opinionErrs(errs, oid))
	}
	if _, err := h.s.OpinionToAppeal(r.Context(), auth.From(r.Context()), h.appeals, oid, category, region); err != nil {
		return h.redisplay(w, r, m, opinionErrs(err, oid))
	}
	return done(w, r, m.ID, "meeting.flash.opinion_appeal", "#opinions")
}
