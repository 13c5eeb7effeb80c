package org

import (
	"errors"
	"net/http"
)

// maxUpload bounds an import upload.
const maxUpload = 5 << 20

type importPage struct {
	FileErr *ErrImportFile
	Rows    ImportErrors
	Result  *Imported
}

// ImportForm is GET /admin/import.
func (h *Handler) ImportForm(w http.ResponseWriter, r *http.Request) error {
	return h.ui.Render(w, r, http.StatusOK, "org_import", importPage{})
}

// ImportTemplate is GET /admin/import/template.xlsx.
func (h *Handler) ImportTemplate(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="import-template.xlsx"; filename*=UTF-8''%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx`)
	return WriteTemplate(w)
}

// Import is POST /admin/import: every bad row is reported and nothing is
// imported, or everything is, with the new users' one-time passwords shown once.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		key := "org.import.err.no_file"
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			key = "org.import.err.too_big"
		}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "org_import", importPage{FileErr: &ErrImportFile{Key: key}})
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "org_import", importPage{FileErr: &ErrImportFile{Key: "org.import.err.no_file"}})
	}
	defer file.Close()
	res, err := h.s.Import(r.Context(), file)
	if fe, ok := IsImportFileError(err); ok {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "org_import", importPage{FileErr: &fe})
	}
	var rows ImportErrors
	if errors.As(err, &rows) {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "org_import", importPage{Rows: rows})
	}
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_import", importPage{Result: &res})
}
