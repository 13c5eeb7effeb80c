package ui

import (
	"context"
	"net/http"
	"slices"
)

// Viewer is the signed-in user as the layout needs it.
type Viewer struct {
	ID       int64
	Username string
	Name     string
	UnitName string
	Roles    []string
	Lang     string
	Unread   int // unread notifications, for the bell (set by notify.Service.Bell)
}

// Has reports whether the viewer holds role.
func (v *Viewer) Has(role string) bool { return v != nil && slices.Contains(v.Roles, role) }

type viewerKey struct{}

// WithViewer returns ctx carrying v.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the viewer of the request, or nil when nobody is signed in.
func ViewerFrom(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// LangCookie holds the language of a visitor who is not signed in.
const LangCookie = "lang"

// Lang is the language for the request: the user's choice, else the cookie, else zh-CN.
func Lang(r *http.Request) string {
	if v := ViewerFrom(r.Context()); v != nil && v.Lang != "" {
		return v.Lang
	}
	if c, err := r.Cookie(LangCookie); err == nil {
		return NormalizeLang(c.Value)
	}
	return Languages[0]
}

// NavItem is one link in the navigation, shown to the roles listed.
type NavItem struct {
	Key   string // message key of the label
	Href  string
	Roles []string // empty: every signed-in user
}

func (n NavItem) visible(v *Viewer) bool {
	if v == nil {
		return false
	}
	if len(n.Roles) == 0 {
		return true
	}
	return slices.ContainsFunc(n.Roles, v.Has)
}
