package ui

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCatalogMergesPartFilesAndRefusesDuplicates(t *testing.T) {
	fsys := fstest.MapFS{
		"locales/zh-CN.json":       {Data: []byte(`{"a": "甲 {0}"}`)},
		"locales/en.json":          {Data: []byte(`{"a": "A {0}"}`)},
		"locales/extra.zh-CN.json": {Data: []byte(`{"b": "乙"}`)},
		"locales/extra.en.json":    {Data: []byte(`{"b": "B"}`)},
	}
	c := Catalog{}
	if err := c.loadLocales(fsys); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, key, want string }{
		{"zh-CN", "a", "甲 1"}, {"en", "a", "A 1"}, {"zh-CN", "b", "乙"}, {"en", "b", "B"},
		{"en", "missing", "missing"},
	} {
		if got := c.T(tc.lang, tc.key, 1); got != tc.want {
			t.Errorf("T(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	fsys["locales/dup.zh-CN.json"] = &fstest.MapFile{Data: []byte(`{"a": "重复"}`)}
	if err := (Catalog{}).loadLocales(fsys); err == nil || !strings.Contains(err.Error(), "defined twice") {
		t.Fatalf("duplicate key = %v, want an error", err)
	}
}
