package org

import (
	"slices"
	"strings"
	"time"
)

// Level is a region's administrative level.
type Level string

// The levels, from the top.
const (
	LevelCounty      Level = "county"      // 县
	LevelDistrict    Level = "district"    // 区
	LevelTown        Level = "town"        // 镇
	LevelTownship    Level = "township"    // 乡
	LevelSubdistrict Level = "subdistrict" // 街道
	LevelVillage     Level = "village"     // 村
	LevelCommunity   Level = "community"   // 社区
)

// Levels in display order.
var Levels = []Level{LevelCounty, LevelDistrict, LevelTown, LevelTownship, LevelSubdistrict, LevelVillage, LevelCommunity}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// tier is 1 for county-level, 2 for township-level, 3 for village-level.
func (l Level) tier() int {
	switch l {
	case LevelCounty, LevelDistrict:
		return 1
	case LevelTown, LevelTownship, LevelSubdistrict:
		return 2
	case LevelVillage, LevelCommunity:
		return 3
	}
	return 0
}

// IsTownLevel reports whether l is a town, township or sub-district.
func (l Level) IsTownLevel() bool { return l.tier() == 2 }

// Region is a division with a stable id; its code and parent change over time.
type Region struct {
	ID    int64
	Level Level
	Name  string
	Code  string // the code valid on the date asked for ("" when none)
}

// CodeSpan is one code of a region with its validity (From inclusive, To
// exclusive, "" = still valid).
type CodeSpan struct {
	RegionID    int64
	Code        string
	From, To    string
	Predecessor string
}

// Current reports whether the code is still valid.
func (c CodeSpan) Current() bool { return c.To == "" }

// ParentSpan is one membership of a region in a parent.
type ParentSpan struct {
	ParentID   int64
	ParentName string
	ParentCode string
	From, To   string
}

// Code rule (统计用区划代码, 12 digits = 6 county + 3 township + 3 village):
//   - only digits, exactly 12 of them;
//   - county/district: the last 6 digits are 000000 and the first 6 are not;
//   - town/township/sub-district: digits 7–9 are not 000, the last 3 are 000,
//     and the first 6 equal the parent's first 6;
//   - village/community: digits 10–12 are not 000 and the first 9 equal the
//     parent's first 9.
//
// The parent prefix is checked whenever a code is set (creation, a transfer
// with new codes, SetCode) against the parent on the code's first day. A
// transfer without new codes keeps the old codes until the yearly release
// publishes the new ones, so the prefix may lag the parent for a while.

// checkCodeShape returns a message key when code is not a well-formed code for level.
func checkCodeShape(code string, level Level) string {
	if len(code) != 12 || strings.Trim(code, "0123456789") != "" {
		return "org.err.code_format"
	}
	switch level.tier() {
	case 1:
		if code[6:] != "000000" || code[:6] == "000000" {
			return "org.err.code_level"
		}
	case 2:
		if code[6:9] == "000" || code[9:] != "000" {
			return "org.err.code_level"
		}
	case 3:
		if code[9:] == "000" {
			return "org.err.code_level"
		}
	}
	return ""
}

// checkCodePrefix returns a message key when code does not extend the parent's code.
func checkCodePrefix(code string, level Level, parentCode string) string {
	if parentCode == "" {
		return ""
	}
	n := 6
	if level.tier() == 3 {
		n = 9
	}
	if len(parentCode) < n || code[:n] != parentCode[:n] {
		return "org.err.code_prefix"
	}
	return ""
}

// parentAllowed reports whether a region of level may sit under a parent of parentLevel.
func parentAllowed(level, parentLevel Level) bool {
	return parentLevel.tier() == level.tier()-1
}

// dateLayout is how dates are stored and typed.
const dateLayout = "2006-01-02"

// ParseDate checks a 'YYYY-MM-DD' date and returns it normalised.
func ParseDate(s string) (string, bool) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return "", false
	}
	return t.Format(dateLayout), true
}

// today is the current date in Shanghai.
func (s *Store) today() string {
	return s.now().In(shanghai).Format(dateLayout)
}
