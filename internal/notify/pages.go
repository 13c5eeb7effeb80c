package notify

import (
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves the notification list and the admin's job page.
type Pages struct {
	svc *Service
	ui  *ui.UI
}

// NewPages returns the pages.
func NewPages(svc *Service, u *ui.UI) *Pages { return &Pages{svc: svc, ui: u} }

type listPage struct {
	Items []Notification
	Page  int
	Prev  int // 0: none
	Next  int // 0: none
}

// List is GET /notifications?page=N: the viewer's own notifications only.
func (p *Pages) List(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return ui.ErrBadRequest
		}
		page = n
	}
	items, more, err := p.svc.List(r.Context(), me.ID, page)
	if err != nil {
		return err
	}
	data := listPage{Items: items, Page: page}
	if page > 1 {
		data.Prev = page - 1
	}
	if more {
		data.Next = page + 1
	}
	return p.ui.Render(w, r, http.StatusOK, "notify_list", data)
}

// Read is POST /notifications/{id}/read. A notification of someone else
// answers 404, like one that does not exist.
func (p *Pages) Read(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return store.ErrNotFound
	}
	if err := p.svc.MarkRead(r.Context(), auth.From(r.Context()).ID, id); err != nil {
		return err
	}
	return ui.Redirect(w, r, "/notifications")
}

// ReadAll is POST /notifications/read-all.
func (p *Pages) ReadAll(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.svc.MarkAllRead(r.Context(), auth.From(r.Context()).ID); err != nil {
		return err
	}
	ui.Flash(w, "notify.all_read")
	return ui.Redirect(w, r, "/notifications")
}

// Bell puts the signed-in viewer's unread count into the layout's viewer. It
// runs after auth's middleware; a failed count shows no badge rather than
// failing the page.
func (s *Service) Bell(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := ui.ViewerFrom(r.Context()); v != nil && v.ID != 0 {
			if n, err := s.UnreadCount(r.Context(), v.ID); err == nil {
				v.Unread = n
			}
		}
		next.ServeHTTP(w, r)
	})
}
