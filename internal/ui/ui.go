// Package ui renders server-side pages: the layout, message catalogues
// (zh-CN first, English second), flash messages, form errors, error pages and
// the embedded static assets.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed templates/*.html locales/*.json
var own embed.FS

// Bundle is what a feature package contributes: templates/*.html (each
// defining "title" and "content", optionally "crumbs") and locales/<lang>.json.
type Bundle fs.FS

// UI renders pages.
type UI struct {
	Catalog   Catalog
	nav       []NavItem
	pages     map[string]map[string]*template.Template // lang → page → template
	static    *staticFiles
	Watermark func(*http.Request) bool
	Now       func() time.Time
}

// New parses the layout and every bundle's templates once, for each language.
func New(nav []NavItem, bundles ...Bundle) (*UI, error) {
	all := append([]Bundle{own}, bundles...)
	ui := &UI{Catalog: Catalog{}, nav: nav, pages: map[string]map[string]*template.Template{}, Now: time.Now}
	for _, b := range all {
		if err := ui.Catalog.loadLocales(b); err != nil {
			return nil, err
		}
	}
	st, err := newStatic()
	if err != nil {
		return nil, err
	}
	ui.static = st
	for _, lang := range Languages {
		if err := ui.parse(lang, all); err != nil {
			return nil, err
		}
	}
	return ui, nil
}

func (ui *UI) parse(lang string, bundles []Bundle) error {
	layout, err := template.New("layout").Funcs(ui.funcs(lang)).ParseFS(own, "templates/layout.html")
	if err != nil {
		return fmt.Errorf("parse layout: %w", err)
	}
	ui.pages[lang] = map[string]*template.Template{}
	for _, b := range bundles {
		files, _ := fs.Glob(b, "templates/*.html")
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if name == "layout" {
				continue
			}
			if _, dup := ui.pages[lang][name]; dup {
				return fmt.Errorf("template %s defined twice", name)
			}
			t, err := template.Must(layout.Clone()).ParseFS(b, f)
			if err != nil {
				return fmt.Errorf("parse %s: %w", f, err)
			}
			ui.pages[lang][name] = t
		}
	}
	return nil
}

// View is what the layout receives; the page's own data is in Page.
type View struct {
	Page      any
	Viewer    *Viewer
	Lang      string
	Nav       []NavItem
	Path      string
	Flash     string
	Watermark string
	Asset     func(string) string
}

// Render executes page into a buffer and writes it only when it succeeded.
func (ui *UI) Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	lang := Lang(r)
	t, ok := ui.pages[lang][page]
	if !ok {
		return fmt.Errorf("no template %q", page)
	}
	v := ViewerFrom(r.Context())
	view := View{Page: data, Viewer: v, Lang: lang, Path: r.URL.Path, Flash: ui.takeFlash(w, r)}
	for _, n := range ui.nav {
		if n.visible(v) {
			view.Nav = append(view.Nav, n)
		}
	}
	if v != nil && ui.Watermark != nil && ui.Watermark(r) {
		view.Watermark = v.Name + " " + v.Username + " " + ui.Now().In(Shanghai).Format("2006-01-02")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", view); err != nil {
		slog.Error("render", "page", page, "err", err)
		http.Error(w, ui.Catalog.T(lang, "error.500"), http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Redirect sends the browser to url after a POST (303 See Other).
func Redirect(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// Shanghai is the zone every time is displayed in; times are stored in UTC.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()
