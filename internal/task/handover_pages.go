package task

import (
	"net/http"
	"slices"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type handoverPage struct {
	Units   []Choice
	Unit    int64
	Members []Member
	Form    HandoverInput
	Err     error
}

// HandoverForm is GET /handover?unit=: the office picks any unit, a unit
// head one of theirs; the unit's people are listed with their open tasks.
func (h *Pages) HandoverForm(w http.ResponseWriter, r *http.Request) error {
	unit, _ := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	return h.handoverPage(w, r, http.StatusOK, handoverPage{Form: HandoverInput{UnitID: unit}})
}

func (h *Pages) handoverPage(w http.ResponseWriter, r *http.Request, status int, p handoverPage) error {
	ctx := r.Context()
	me := auth.From(ctx)
	all, err := UnitChoices(ctx, h.s.db)
	if err != nil {
		return err
	}
	for _, u := range all {
		if me.Has(auth.RoleOffice) || slices.Contains(me.Units, u.ID) {
			p.Units = append(p.Units, u)
		}
	}
	if len(p.Units) == 1 && p.Form.UnitID == 0 {
		p.Form.UnitID = p.Units[0].ID // a head of one unit needs no choice
	}
	p.Form.Reason = clip(p.Form.Reason, maxReason)
	if p.Form.UnitID != 0 {
		if !CanHandover(me, p.Form.UnitID) {
			return ui.ErrForbidden
		}
		p.Unit = p.Form.UnitID
		if p.Members, err = h.s.Members(ctx, p.Unit); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "handover_form", p)
}

// Handover is POST /handover.
func (h *Pages) Handover(w http.ResponseWriter, r *http.Request) error {
	errs := ui.Errors{}
	in := HandoverInput{UnitID: formID(r, "unit", errs), FromID: formID(r, "from", errs), ToID: formID(r, "to", errs),
		Reason: r.PostFormValue("reason")}
	if errs["unit"] != "" || in.UnitID == 0 {
		return ui.ErrBadRequest // the form always carries its unit
	}
	_, err := h.s.Handover(r.Context(), auth.From(r.Context()), in)
	if ui.IsInvalid(err) {
		return h.handoverPage(w, r, http.StatusUnprocessableEntity, handoverPage{Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "handover.flash.done")
	return ui.Redirect(w, r, "/handover?unit="+itoa(in.UnitID))
}
