package calfeed_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"tongchou/internal/auth/authtest"
)

var feedURL = regexp.MustCompile(`https?://[^/<"]+(/ical/[a-z2-7]+\.ics)`)

// createFeed makes username's feed on the account page and returns its path.
func createFeed(t *testing.T, c *authtest.Client) string {
	t.Helper()
	r := c.Post("/account/calendar/rotate", nil)
	m := feedURL.FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil {
		t.Fatalf("rotate = %d, no feed address shown", r.Code)
	}
	return m[1]
}

// fetch reads a feed without any session, as a calendar client does.
func fetch(env *authtest.Env, path string) *authtest.Response {
	return env.Client("10.9.9.9").Get(path)
}

// parse parses a feed with a real iCalendar parser and indexes events by UID.
func parse(t *testing.T, body string) (*ics.Calendar, map[string]*ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse feed: %v", err)
	}
	byUID := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		uid := e.Id()
		if _, dup := byUID[uid]; dup || uid == "" {
			t.Fatalf("UID %q empty or repeated", uid)
		}
		byUID[uid] = e
	}
	return cal, byUID
}

func TestFeed(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		ctx := context.Background()
		// A dispatch meeting 教育局 attends, two days on at 14:30 Beijing time, and one it does not.
		at := time.Date(2026, 5, 8, 6, 30, 0, 0, time.UTC)
		env.Exec(`INSERT INTO meetings (campaign_id, kind, title, held_at, place, created_at, updated_at)
			VALUES ((SELECT MIN(id) FROM campaigns), 'dispatch', '第三次调度会', ?, '区政府三楼会议室', ?, ?)`, at, at, at)
		env.Exec(`INSERT INTO meeting_units (meeting_id, unit_id) SELECT m.id, u.id FROM meetings m, units u
			WHERE u.name = '教育局' AND m.title = '第三次调度会'`)
		env.Exec(`INSERT INTO meetings (campaign_id, kind, title, held_at, place, created_at, updated_at)
			VALUES ((SELECT MIN(id) FROM campaigns), 'coordination', '农业专题协调会', ?, '', ?, ?)`, at, at, at)
		var meeting, other string
		env.App.DB.QueryRow(ctx, `SELECT CAST(id AS TEXT) FROM meetings WHERE title = '第三次调度会'`).Scan(&meeting)
		env.App.DB.QueryRow(ctx, `SELECT CAST(id AS TEXT) FROM meetings WHERE title = '农业专题协调会'`).Scan(&other)

		jiaoyu, ducha := env.Client("10.5.0.1"), env.Client("10.5.0.2")
		jiaoyu.MustLogin("jiaoyu")
		if r := jiaoyu.Get("/account/calendar"); r.Code != http.StatusOK || !strings.Contains(r.Body, "calfeed-create") {
			t.Fatalf("account page = %d", r.Code)
		}
		path := createFeed(t, jiaoyu)
		r := fetch(env, path)
		if r.Code != http.StatusOK || !strings.HasPrefix(r.Header().Get("Content-Type"), "text/calendar") {
			t.Fatalf("feed = %d %q", r.Code, r.Header().Get("Content-Type"))
		}
		cal, events := parse(t, r.Body)

		t.Run("MeetingWithItsTimeZone", func(t *testing.T) {
			e := events["meeting-"+meeting+"@tongchou"]
			if e == nil {
				t.Fatal("the meeting 教育局 attends is missing")
			}
			p := e.GetProperty(ics.ComponentPropertyDtStart)
			if p.Value != "20260508T143000" || p.ICalParameters["TZID"][0] != "Asia/Shanghai" || len(cal.Timezones()) != 1 {
				t.Fatalf("DTSTART %+v", p)
			}
			if start, err := e.GetStartAt(); err != nil || !start.Equal(at) {
				t.Fatalf("start %v (%v), want %v", start, err, at)
			}
			if events["meeting-"+other+"@tongchou"] != nil {
				t.Fatal("a meeting 教育局 does not attend is in its feed")
			}
			// Every meeting in the feed is one 教育局 attends (the demo's own meetings included).
			for uid := range events {
				id, ok := strings.CutPrefix(strings.TrimSuffix(uid, "@tongchou"), "meeting-")
				if ok && count(t, env, `SELECT COUNT(*) FROM meeting_units mu JOIN units u ON u.id = mu.unit_id
					WHERE u.name = '教育局' AND mu.meeting_id = ?`, id) != 1 {
					t.Fatalf("meeting %s is not attended by 教育局", id)
				}
			}
		})
		t.Run("DeadlinesOfTasksInScopeOnly", func(t *testing.T) {
			rows, err := env.App.DB.Query(ctx, `SELECT t.id, t.deadline, EXISTS (SELECT 1 FROM units u WHERE u.name = '教育局'
				AND (u.id = t.lead_unit_id OR u.id IN (SELECT unit_id FROM task_co_units c WHERE c.task_id = t.id)))
				FROM tasks t WHERE t.state NOT IN ('cancelled', 'draft') AND t.deadline >= '2026-03-07'`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			seen := 0
			for rows.Next() {
				var id int64
				var deadline string
				var mine bool
				rows.Scan(&id, &deadline, &mine)
				e := events["task-"+itoa(id)+"-deadline@tongchou"]
				if mine != (e != nil) {
					t.Fatalf("task %d (in scope %v) in feed: %v", id, mine, e != nil)
				}
				if e != nil {
					seen++
					p := e.GetProperty(ics.ComponentPropertyDtStart)
					if p.ICalParameters["VALUE"][0] != "DATE" || p.Value != strings.ReplaceAll(deadline, "-", "") {
						t.Fatalf("task %d DTSTART %+v, want DATE %s", id, p, deadline)
					}
				}
			}
			if seen == 0 {
				t.Fatal("no deadline of 教育局's tasks in the feed")
			}
		})
		t.Run("ReportDueDates", func(t *testing.T) {
			n := 0
			for uid := range events {
				if strings.Contains(uid, "-report-") {
					n++
				}
			}
			if n == 0 {
				t.Fatal("no report due dates in 教育局's feed")
			}
		})
		t.Run("StableUIDs", func(t *testing.T) {
			env.Clock.Advance(time.Hour)
			_, again := parse(t, fetch(env, path).Body)
			if len(again) != len(events) {
				t.Fatalf("%d events, then %d", len(events), len(again))
			}
			for uid := range events {
				if again[uid] == nil {
					t.Fatalf("UID %s changed between fetches", uid)
				}
			}
		})
		t.Run("OfficeSeesEveryMeeting", func(t *testing.T) {
			ducha.MustLogin("ducha") // the clock moved past the session's idle time
			_, all := parse(t, fetch(env, createFeed(t, ducha)).Body)
			if all["meeting-"+other+"@tongchou"] == nil {
				t.Fatal("the office's feed lacks a meeting")
			}
		})
		t.Run("GuessedOrMalformedSecrets404", func(t *testing.T) {
			for _, p := range []string{"/ical/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics", strings.TrimSuffix(path, ".ics"),
				strings.TrimSuffix(path, ".ics") + ".txt", "/ical/%27%20OR%201=1.ics", "/ical/" + strings.Repeat("a", 5000) + ".ics"} {
				if r := fetch(env, p); r.Code != http.StatusNotFound {
					t.Fatalf("GET %s = %d, want 404", p[:min(len(p), 60)], r.Code)
				}
			}
		})
		t.Run("RotateStopsTheOldAddress", func(t *testing.T) {
			jiaoyu = env.Client("10.5.0.3") // the clock moved past the session's idle time
			jiaoyu.MustLogin("jiaoyu")
			fresh := createFeed(t, jiaoyu)
			if r := fetch(env, path); r.Code != http.StatusNotFound {
				t.Fatalf("old address = %d, want 404", r.Code)
			}
			if r := fetch(env, fresh); r.Code != http.StatusOK {
				t.Fatalf("new address = %d", r.Code)
			}
			path = fresh
		})
		t.Run("RevokeStopsItAtOnce", func(t *testing.T) {
			if r := jiaoyu.Post("/account/calendar/revoke", nil); r.Code != http.StatusSeeOther {
				t.Fatalf("revoke = %d", r.Code)
			}
			if r := fetch(env, path); r.Code != http.StatusNotFound {
				t.Fatalf("revoked feed = %d, want 404", r.Code)
			}
			if r := jiaoyu.Post("/account/calendar/revoke", nil); r.Code != http.StatusNotFound {
				t.Fatalf("revoking nothing = %d, want 404", r.Code)
			}
		})
		t.Run("DisabledOwner404", func(t *testing.T) {
			p := createFeed(t, ducha)
			env.Exec(`UPDATE users SET disabled = ? WHERE username = 'ducha'`, true)
			if r := fetch(env, p); r.Code != http.StatusNotFound {
				t.Fatalf("feed of a disabled user = %d, want 404", r.Code)
			}
		})
		t.Run("SecretKeptHashed", func(t *testing.T) {
			secret := strings.TrimSuffix(strings.TrimPrefix(path, "/ical/"), ".ics")
			if n := count(t, env, `SELECT COUNT(*) FROM calfeed_tokens WHERE secret_hash = ? OR prefix = ?`, secret, secret); n != 0 {
				t.Fatal("the secret is stored in clear")
			}
			if len(secret) < 26 { // base32: 5 bits a character, so 26 characters hold 130 bits
				t.Fatalf("secret %d characters, under 128 bits", len(secret))
			}
		})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func count(t *testing.T, env *authtest.Env, q string, args ...any) int {
	t.Helper()
	var n int
	if err := env.App.DB.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
