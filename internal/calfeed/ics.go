package calfeed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one VEVENT. A zero End with AllDay false means no DTEND.
type Event struct {
	UID         string // stable across feeds, so clients update instead of duplicating
	Summary     string
	Description string
	Location    string
	URL         string
	AllDay      bool
	Date        string    // 'YYYY-MM-DD' when AllDay
	Start, End  time.Time // otherwise, written in Asia/Shanghai with TZID
}

// tzid is the zone every timed event carries; China has had no daylight
// saving since 1991, so one STANDARD block describes it.
const tzid = "Asia/Shanghai"

const vtimezone = "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n" +
	"TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"

// Calendar writes an iCalendar (RFC 5545) document of events, stamped at now.
func Calendar(name string, now time.Time, events []Event) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tongchou//calfeed//ZH\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n")
	line(&b, "X-WR-CALNAME:"+escape(name))
	line(&b, "X-WR-TIMEZONE:"+tzid)
	b.WriteString(vtimezone)
	stamp := now.UTC().Format("20060102T150405Z")
	for _, e := range events {
		b.WriteString("BEGIN:VEVENT\r\n")
		line(&b, "UID:"+escape(e.UID))
		line(&b, "DTSTAMP:"+stamp)
		if e.AllDay {
			d, err := time.Parse("2006-01-02", e.Date)
			if err != nil {
				d = now
			}
			line(&b, "DTSTART;VALUE=DATE:"+d.Format("20060102"))
			line(&b, "DTEND;VALUE=DATE:"+d.AddDate(0, 0, 1).Format("20060102"))
		} else {
			line(&b, "DTSTART;TZID="+tzid+":"+local(e.Start))
			if !e.End.IsZero() {
				line(&b, "DTEND;TZID="+tzid+":"+local(e.End))
			}
		}
		line(&b, "SUMMARY:"+escape(e.Summary))
		if e.Description != "" {
			line(&b, "DESCRIPTION:"+escape(e.Description))
		}
		if e.Location != "" {
			line(&b, "LOCATION:"+escape(e.Location))
		}
		if e.URL != "" {
			line(&b, "URL:"+e.URL)
		}
		b.WriteString("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation(tzid)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// local is t as a floating local time in Shanghai, for DTSTART;TZID=….
func local(t time.Time) string { return t.In(shanghai).Format("20060102T150405") }

// escape escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma
// and newlines; other control characters are dropped.
func escape(s string) string {
	var b strings.Builder
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// line writes one content line folded at 75 octets (RFC 5545 3.1), never
// inside a UTF-8 sequence: continuation lines start with a space.
func line(b *strings.Builder, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
