package ui

import (
	"errors"
	"log/slog"
	"net/http"

	"tongchou/internal/store"
)

// ErrForbidden is returned when the viewer may not do what was asked.
var ErrForbidden = errors.New("forbidden")

// ErrBadRequest is returned for malformed requests that are not form errors.
var ErrBadRequest = errors.New("bad request")

// Errors maps form field names to message keys. It is the error a parse or
// validation returns; handlers render it beside the fields.
type Errors map[string]string

func (e Errors) Error() string {
	for f, k := range e {
		return "invalid " + f + ": " + k
	}
	return "invalid input"
}

// IsInvalid reports whether err carries form errors.
func IsInvalid(err error) bool {
	var e Errors
	return errors.As(err, &e)
}

// AsErrors returns the form errors in err, or nil.
func AsErrors(err error) Errors {
	var e Errors
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// status maps an error kind to its HTTP status and message key, in one place.
func status(err error) (int, string) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "error.404"
	case errors.Is(err, ErrForbidden):
		return http.StatusForbidden, "error.403"
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "error.409"
	case errors.Is(err, ErrBadRequest), IsInvalid(err):
		return http.StatusBadRequest, "error.400"
	default:
		return http.StatusInternalServerError, "error.500"
	}
}

// HandlerFunc is a handler that returns its error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle turns h into an http.Handler that renders errors as pages in the
// viewer's language; only server errors are logged as errors.
func (ui *UI) Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			ui.Error(w, r, err)
		}
	})
}

// Error writes the error page for err.
func (ui *UI) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, key := status(err)
	if code >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		slog.DebugContext(r.Context(), "request refused", "path", r.URL.Path, "status", code, "err", err)
	}
	ui.Render(w, r, code, "error", errorPage{Status: code, Message: key})
}

type errorPage struct {
	Status  int
	Message string
}
