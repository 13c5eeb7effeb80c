package task

import (
	"errors"
	"net/http"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
)

// maxPlanUpload bounds a plan upload.
const maxPlanUpload = 5 << 20

type planPage struct {
	Campaign Campaign
	FileErr  *PlanFileError
	Rows     PlanErrors
	Created  int
	Assign   bool
}

// PlanForm is GET /campaigns/{id}/import.
func (h *Pages) PlanForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.planCampaign(r)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "plan_import", planPage{Campaign: c})
}

// PlanTemplate is GET /campaigns/{id}/import/template.xlsx.
func (h *Pages) PlanTemplate(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.planCampaign(r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", audit.ContentDisposition("plan-template.xlsx", "活动方案导入模板.xlsx"))
	return WritePlanTemplate(w)
}

// PlanImport is POST /campaigns/{id}/import: every bad cell is listed and
// nothing is imported, or every row becomes a task.
func (h *Pages) PlanImport(w http.ResponseWriter, r *http.Request) error {
	c, err := h.planCampaign(r)
	if err != nil {
		return err
	}
	p := planPage{Campaign: c}
	refuse := func(key string) error {
		p.FileErr = &PlanFileError{Key: key}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPlanUpload)
	if err := r.ParseMultipartForm(maxPlanUpload); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return refuse("plan.err.too_big")
		}
		return refuse("plan.err.no_file")
	}
	p.Assign = r.FormValue("assign") != ""
	file, _, err := r.FormFile("file")
	if err != nil {
		return refuse("plan.err.no_file")
	}
	defer file.Close()
	p.Created, err = h.s.ImportPlan(r.Context(), auth.From(r.Context()), c.ID, file, p.Assign)
	if fe, ok := AsPlanFileError(err); ok {
		p.FileErr = &fe
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	}
	if errors.As(err, &p.Rows) {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	}
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "plan_import", p)
}

// planCampaign reads the campaign of the path for the office.
func (h *Pages) planCampaign(r *http.Request) (Campaign, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return Campaign{}, err
	}
	return h.s.Campaign(r.Context(), auth.From(r.Context()), id)
}

// xlsxType is the media type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
