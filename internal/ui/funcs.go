package ui

import (
	"html/template"
	"time"
)

func (ui *UI) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) string { return ui.Catalog.T(lang, key, args...) },
		"asset": func(name string) string {
			if ui.static == nil {
				return "/static/" + name
			}
			return ui.static.url(name)
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(Shanghai).Format("2006-01-02 15:04")
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(Shanghai).Format("2006-01-02")
		},
		"fieldErr": func(err error, field string) string {
			if e := AsErrors(err); e != nil && e[field] != "" {
				return ui.Catalog.T(lang, e[field])
			}
			return ""
		},
		"seq": func(n int) []int { return make([]int, n) },
	}
}
