package task

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"tongchou/internal/ui"
)

// maxAPIBody bounds a JSON request body.
const maxAPIBody = 1 << 20

// decodeJSON reads exactly one JSON object into v. A body that is too large,
// empty, malformed or followed by more data is ui.ErrBadRequest (400); an
// unknown field or a value of the wrong type is a field error (422), so the
// client learns which field to fix.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyErr(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return fmt.Errorf("json body: data after the object: %w", ui.ErrBadRequest)
	}
	return nil
}

// bodyErr classifies a decoding error.
func bodyErr(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return ui.Errors{clip(te.Field, 64): "taskapi.err.type"}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return ui.Errors{clip(strings.Trim(name, `"`), 64): "taskapi.err.unknown_field"}
	}
	return fmt.Errorf("json body: %v: %w", err, ui.ErrBadRequest)
}

// renameFields gives the store's form-field errors the API's JSON names.
func renameFields(err error, names map[string]string) error {
	errs := ui.AsErrors(err)
	if errs == nil {
		return err
	}
	out := ui.Errors{}
	for f, k := range errs {
		if n, ok := names[f]; ok {
			f = n
		}
		out[f] = k
	}
	return out
}

// apiLang is the language of texts in API answers: Accept-Language first.
func apiLang(r *http.Request) string {
	if al := r.Header.Get("Accept-Language"); al != "" {
		return ui.NormalizeLang(al)
	}
	return ui.Lang(r)
}
