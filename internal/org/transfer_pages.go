package org

import (
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/ui"
)

type transferPage struct {
	Region   Region
	Parent   *Region
	Villages []Region
	Targets  []Region
	Form     Transfer
	Plan     TransferPlan
	Err      error
}

// VillageCode is the typed new code of village id (for the template).
func (p transferPage) VillageCode(id int64) string { return p.Form.VillageCodes[id] }

// CodeErrField names a village's code field (for the template).
func (p transferPage) CodeErrField(id int64) string { return "code_" + strconv.FormatInt(id, 10) }

// TransferForm is GET /admin/regions/{id}/transfer.
func (h *Handler) TransferForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.transferForm(w, r, http.StatusOK, Transfer{RegionID: id}, nil)
}

func (h *Handler) transferForm(w http.ResponseWriter, r *http.Request, status int, f Transfer, ferr error) error {
	ctx := r.Context()
	page := transferPage{Form: f, Err: ferr}
	var err error
	if page.Region, err = h.s.Region(ctx, f.RegionID, ""); err != nil {
		return err
	}
	if page.Region.Level != LevelTown && page.Region.Level != LevelTownship {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "org_transfer", transferPage{Region: page.Region,
			Err: ui.Errors{"region": "org.err.transfer_level"}})
	}
	if p, err := h.s.ParentOn(ctx, f.RegionID, h.s.today()); err == nil {
		page.Parent = &p
	}
	if page.Villages, err = h.s.ChildrenOn(ctx, f.RegionID, h.s.today()); err != nil {
		return err
	}
	if page.Targets, err = h.s.RegionsAt(ctx, LevelCounty, LevelDistrict); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "org_transfer", page)
}

// parseTransfer reads the transfer form; village codes come as code_<id>.
func parseTransfer(r *http.Request, id int64) (Transfer, ui.Errors) {
	errs := ui.Errors{}
	t := Transfer{RegionID: id, ToParentID: formID(r, "to", errs), Date: strings.TrimSpace(r.PostFormValue("date")),
		NewCode: clip(strings.TrimSpace(r.PostFormValue("code"))), VillageCodes: map[int64]string{}}
	for k, vs := range r.PostForm {
		rest, ok := strings.CutPrefix(k, "code_")
		if !ok || len(vs) == 0 {
			continue
		}
		vid, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			continue // not a field this form sends
		}
		t.VillageCodes[vid] = clip(strings.TrimSpace(vs[0]))
	}
	if t.ToParentID == 0 && errs["to"] == "" {
		errs["to"] = "form.required"
	}
	return t, errs
}

// TransferPreview is POST /admin/regions/{id}/transfer/preview: it lists
// everything the transfer moves and asks for confirmation; nothing changes yet.
func (h *Handler) TransferPreview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	t, errs := parseTransfer(r, id)
	if len(errs) > 0 {
		return h.transferForm(w, r, http.StatusUnprocessableEntity, t, errs)
	}
	plan, err := h.s.PreviewTransfer(r.Context(), t)
	if invalid(err) {
		return h.transferForm(w, r, http.StatusUnprocessableEntity, t, err)
	}
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_transfer_preview", transferPage{Region: plan.Region, Form: t, Plan: plan})
}

// TransferConfirm is POST /admin/regions/{id}/transfer/confirm: it carries the
// previewed transfer out in one transaction.
func (h *Handler) TransferConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.ErrBadRequest
	}
	t, errs := parseTransfer(r, id)
	if len(errs) > 0 {
		return h.transferForm(w, r, http.StatusUnprocessableEntity, t, errs)
	}
	_, err = h.s.ApplyTransfer(r.Context(), t)
	if invalid(err) {
		return h.transferForm(w, r, http.StatusUnprocessableEntity, t, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "org.flash.transferred")
	return ui.Redirect(w, r, "/admin/regions/"+strconv.FormatInt(id, 10))
}
