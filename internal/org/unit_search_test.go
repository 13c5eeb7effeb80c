package org

import "testing"

func TestMatchUnit(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		want        bool
	}{
		{"教育局", "jyj", true},
		{"教育局", "JYJ", true},
		{"教育局", "jiaoyu", true},
		{"教育局", "教育", true},
		{"教育局", "", true},
		{"教育局", "j y j", true},
		{"青石镇人民政府", "qsz", true},
		{"人力资源和社会保障局", "rlzy", true},
		{"教育局", "wsj", false},
		{"教育局", "卫生", false},
		{"教育局", "<script>", false},
		{"教育局", "%", false},
	} {
		if got := matchUnit(tc.name, tc.query); got != tc.want {
			t.Errorf("matchUnit(%q, %q) = %v, want %v", tc.name, tc.query, got, tc.want)
		}
	}
}
