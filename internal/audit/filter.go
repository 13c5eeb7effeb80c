package audit

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// maxFilterLen bounds every search field; longer input is refused, not cut.
const maxFilterLen = 100

// Filter narrows a search of the audit log; empty fields match everything.
// Dates are days in Asia/Shanghai, both ends included.
type Filter struct {
	Actor    string // part of the actor's username
	Entity   string
	EntityID string
	Action   string
	IP       string // start of the address
	From, To string // YYYY-MM-DD as typed
	Before   int64  // keyset paging: entries older than this id

	from, to time.Time // UTC bounds: from ≤ at < to
}

// LoginFilter narrows a search of the login log.
type LoginFilter struct {
	Username string // part of the username tried
	IP       string // start of the address
	Result   string // "", "success" or "failure"
	From, To string
	Before   int64

	from, to time.Time
}

// ParseFilter reads an audit search from query parameters.
func ParseFilter(q url.Values) (Filter, error) {
	e := ui.Errors{}
	f := Filter{
		Actor: text(q, "actor", e), Entity: text(q, "entity", e), EntityID: text(q, "entity_id", e),
		Action: text(q, "action", e), IP: text(q, "ip", e),
	}
	f.From, f.To, f.from, f.to = days(q, e)
	f.Before = before(q, e)
	if len(e) > 0 {
		return f, e
	}
	return f, nil
}

// ParseLoginFilter reads a login-log search from query parameters.
func ParseLoginFilter(q url.Values) (LoginFilter, error) {
	e := ui.Errors{}
	f := LoginFilter{Username: text(q, "username", e), IP: text(q, "ip", e), Result: text(q, "result", e)}
	if f.Result != "" && f.Result != "success" && f.Result != "failure" {
		e["result"] = "form.invalid"
	}
	f.From, f.To, f.from, f.to = days(q, e)
	f.Before = before(q, e)
	if len(e) > 0 {
		return f, e
	}
	return f, nil
}

// Query encodes the filter without the page position.
func (f Filter) Query() url.Values {
	return values("actor", f.Actor, "entity", f.Entity, "entity_id", f.EntityID, "action", f.Action,
		"ip", f.IP, "from", f.From, "to", f.To)
}

// Query encodes the filter without the page position.
func (f LoginFilter) Query() url.Values {
	return values("username", f.Username, "ip", f.IP, "result", f.Result, "from", f.From, "to", f.To)
}

func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v
}

// text returns a trimmed field, recording an error when it is too long or
// not valid UTF-8 (the value is then dropped so it is not echoed back).
func text(q url.Values, name string, e ui.Errors) string {
	s := strings.TrimSpace(q.Get(name))
	switch {
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		e[name] = "form.invalid"
		return ""
	case utf8.RuneCountInString(s) > maxFilterLen:
		e[name] = "form.too_long"
		return ""
	}
	return s
}

// days reads from/to as Asia/Shanghai days and returns the UTC bounds.
func days(q url.Values, e ui.Errors) (from, to string, fromT, toT time.Time) {
	from, to = text(q, "from", e), text(q, "to", e)
	parse := func(name, s string) time.Time {
		if s == "" || e[name] != "" {
			return time.Time{}
		}
		d, err := time.ParseInLocation("2006-01-02", s, ui.Shanghai)
		if err != nil || d.Year() < 2000 || d.Year() > 2200 {
			e[name] = "audit.bad_date"
			return time.Time{}
		}
		return d
	}
	fromT, toT = parse("from", from), parse("to", to)
	if !toT.IsZero() {
		toT = toT.AddDate(0, 0, 1) // the whole last day
	}
	if !fromT.IsZero() && !toT.IsZero() && !fromT.Before(toT) {
		e["to"] = "audit.bad_range"
	}
	if e["from"] != "" {
		from = ""
	}
	if e["to"] != "" && e["to"] != "audit.bad_range" {
		to = ""
	}
	return from, to, fromT.UTC(), toT.UTC()
}

func before(q url.Values, e ui.Errors) int64 {
	s := q.Get("before")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		e["before"] = "form.invalid"
		return 0
	}
	return n
}
