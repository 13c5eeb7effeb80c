package ui

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Languages the UI speaks; the first is the default.
var Languages = []string{"zh-CN", "en"}

// Catalog holds every UI string by language and key.
type Catalog map[string]map[string]string

// loadLocales merges locales/<lang>.json and locales/*.<lang>.json (one file
// per part of a large feature) from fsys into c. A key defined twice is an
// error, so two features cannot silently overwrite each other.
func (c Catalog) loadLocales(fsys fs.FS) error {
	for _, lang := range Languages {
		extra, _ := fs.Glob(fsys, path.Join("locales", "*."+lang+".json"))
		for _, f := range append([]string{path.Join("locales", lang+".json")}, extra...) {
			if err := c.loadFile(fsys, f, lang); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c Catalog) loadFile(fsys fs.FS, file, lang string) error {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil // a bundle need not have every file
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("locale %s: %w", file, err)
	}
	if c[lang] == nil {
		c[lang] = map[string]string{}
	}
	for k, v := range m {
		if _, dup := c[lang][k]; dup {
			return fmt.Errorf("locale %s: key %q defined twice", file, k)
		}
		c[lang][k] = v
	}
	return nil
}

// T returns the message for key in lang, falling back to zh-CN, then to the key.
// Arguments fill {0}, {1} … in order.
func (c Catalog) T(lang, key string, args ...any) string {
	msg, ok := c[lang][key]
	if !ok {
		msg, ok = c[Languages[0]][key]
	}
	if !ok {
		msg = key
	}
	for i, a := range args {
		msg = strings.ReplaceAll(msg, fmt.Sprintf("{%d}", i), fmt.Sprint(a))
	}
	return msg
}

// Has reports whether key is in the catalogue.
func (c Catalog) Has(key string) bool {
	_, ok := c[Languages[0]][key]
	return ok
}

// NormalizeLang returns a supported language for s.
func NormalizeLang(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return "en"
	}
	return "zh-CN"
}
