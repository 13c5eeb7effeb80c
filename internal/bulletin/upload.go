package bulletin

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"tongchou/internal/files"
	"tongchou/internal/ui"
)

// Bounds on a multipart form's text: a field's bytes, and the fields.
const (
	maxFieldBytes = 256 << 10
	maxFields     = 1000
)

// receive reads a multipart form in order: the text fields, then the file
// parts (named "file"). check sees the text fields before the first file is
// read; when it refuses, no file is stored. Files over the store's limit,
// empty, of a refused type or too many are form errors on "file".
func (h *Pages) receive(w http.ResponseWriter, r *http.Request, maxFiles int, check func(url.Values) error) (url.Values, []files.Blob, error) {
	limit := h.files.Limit
	r.Body = http.MaxBytesReader(w, r.Body, limit*int64(maxFiles)+1<<20)
	values := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		return values, nil, ui.Errors{"file": "bulletin.err.form"}
	}
	checked := false
	var blobs []files.Blob
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil || n > maxFields {
			return values, nil, partErr(err)
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
			if err != nil {
				return values, nil, partErr(err)
			}
			if len(b) > maxFieldBytes {
				return values, nil, ui.Errors{part.FormName(): "form.too_long"}
			}
			values.Add(part.FormName(), string(b))
			continue
		}
		if part.FormName() != "file" {
			continue
		}
		if !checked {
			if err := check(values); err != nil {
				return values, nil, err
			}
			checked = true
		}
		if len(blobs) == maxFiles {
			return values, nil, ui.Errors{"file": "bulletin.err.too_many"}
		}
		b, err := h.files.Put(part, part.FileName(), limit)
		if err != nil {
			return values, nil, uploadErr(err)
		}
		blobs = append(blobs, b)
	}
	if !checked {
		return values, nil, check(values)
	}
	return values, blobs, nil
}

// partErr is a broken or oversized request as a form error.
func partErr(err error) error {
	var cut *http.MaxBytesError
	if errors.As(err, &cut) {
		return ui.Errors{"file": "bulletin.err.file_too_big"}
	}
	return ui.Errors{"file": "bulletin.err.form"}
}

// uploadErr turns the file store's refusals into the message beside the field.
func uploadErr(err error) error {
	for sentinel, key := range map[error]string{files.ErrTooLarge: "bulletin.err.file_too_big", files.ErrEmpty: "bulletin.err.file_empty",
		files.ErrType: "bulletin.err.file_type", files.ErrMismatch: "bulletin.err.file_mismatch"} {
		if errors.Is(err, sentinel) {
			return ui.Errors{"file": key}
		}
	}
	return err // the disk, not the user: a server error
}
