package calfeed_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"tongchou/internal/calfeed"
)

func TestCalendarFoldsAndEscapes(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	long := strings.Repeat("新划入镇乡国土空间规划衔接，", 12) + "; 逗号, 反斜杠\\ 换行\n第二行"
	start := time.Date(2026, 5, 8, 9, 30, 0, 0, shanghai)
	doc := calfeed.Calendar("统筹 · 测试", time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC), []calfeed.Event{
		{UID: "task-7-deadline@tongchou", Summary: long, AllDay: true, Date: "2026-05-20"},
		{UID: "meeting-3@tongchou", Summary: "调度会", Location: "区政府 3 楼会议室, A 座", Start: start, End: start.Add(2 * time.Hour)},
	})
	t.Run("LinesAtMost75OctetsAndValidUTF8", func(t *testing.T) {
		if !strings.HasSuffix(doc, "\r\n") {
			t.Fatal("the document does not end with CRLF")
		}
		for _, l := range strings.Split(strings.TrimSuffix(doc, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Fatalf("line of %d octets or broken UTF-8: %q", len(l), l)
			}
		}
	})
	cal, err := ics.ParseCalendar(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	t.Run("TextRoundTrips", func(t *testing.T) {
		got := events[0].GetProperty(ics.ComponentPropertySummary).Value
		if unescape(got) != long {
			t.Fatalf("summary = %q, want %q", unescape(got), long)
		}
	})
	t.Run("AllDayDeadline", func(t *testing.T) {
		p := events[0].GetProperty(ics.ComponentPropertyDtStart)
		if p.Value != "20260520" || p.ICalParameters["VALUE"][0] != "DATE" {
			t.Fatalf("DTSTART = %+v", p)
		}
		d, err := events[0].GetAllDayStartAt()
		if err != nil || d.Format("2006-01-02") != "2026-05-20" {
			t.Fatalf("all-day start %v, %v", d, err)
		}
	})
	t.Run("TimedMeetingInShanghai", func(t *testing.T) {
		p := events[1].GetProperty(ics.ComponentPropertyDtStart)
		if p.Value != "20260508T093000" || p.ICalParameters["TZID"][0] != "Asia/Shanghai" {
			t.Fatalf("DTSTART = %+v", p)
		}
		at, err := events[1].GetStartAt()
		if err != nil || !at.Equal(start) {
			t.Fatalf("start %v (%v), want %v", at, err, start)
		}
		if len(cal.Timezones()) != 1 {
			t.Fatal("no VTIMEZONE for the TZID")
		}
	})
}

// unescape undoes RFC 5545 TEXT escaping (the parser keeps values raw).
func unescape(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\N`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}
