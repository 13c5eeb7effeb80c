package meeting_test

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"tongchou/internal/appeal"
	"tongchou/internal/auth/authtest"
)

// TestSymposium records opinions at a 座谈会 and turns them into a task and
// an appeal, on both engines.
func TestSymposium(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		f := newFixture(t, env)
		form := f.meetingForm("柳溪乡企业座谈会")
		form.Set("kind", "forum")
		id := f.create(t, form)
		path := "/meetings/" + itoa(id)
		dispatch := f.create(t, f.meetingForm("调度会"))
		add := func(c *authtest.Client, p, group, text string) *authtest.Response {
			return c.Post(p+"/opinions", url.Values{"group": {group}, "opinion": {text}})
		}
		for _, tc := range []struct {
			name        string
			c           *authtest.Client
			path, group string
			text        string
			code        int
		}{
			{"UnitForbidden", f.jiaoyu, path, "企业", "意见", 403},
			{"EmptyRefused", f.office, path, "企业", " ", 422},
			{"HugeRefused", f.office, path, "企业", strings.Repeat("意", 2001), 422},
			{"HugeGroupRefused", f.office, path, strings.Repeat("群", 51), "意见", 422},
			{"NotASymposiumRefused", f.office, "/meetings/" + itoa(dispatch), "企业", "意见", 400},
			{"Recorded", f.office, path, "企业", "希望简化企业开办审批流程", 303},
			{"RecordedSecond", f.office, path, "村民代表", "村道路灯损坏多处，夜间出行不便", 303},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if res := add(tc.c, tc.path, tc.group, tc.text); res.Code != tc.code {
					t.Fatalf("got %d, want %d", res.Code, tc.code)
				}
			})
		}
		first := f.scalar(`SELECT id FROM meeting_opinions WHERE meeting_id = ? AND group_name = '企业'`, id)
		second := f.scalar(`SELECT id FROM meeting_opinions WHERE meeting_id = ? AND group_name = '村民代表'`, id)
		toTask := func(c *authtest.Client, oid int64, form url.Values) *authtest.Response {
			return c.Post(path+"/opinions/"+itoa(oid)+"/task", form)
		}
		good := url.Values{"lead_unit": {itoa(f.qingID)}, "deadline": {"2026-07-31"}, "source": {"appeal"}}
		tasks := func() int64 { return f.scalar(`SELECT COUNT(*) FROM tasks`) }
		n := tasks()
		for _, tc := range []struct {
			name string
			c    *authtest.Client
			form url.Values
			code int
		}{
			{"UnitCannotTurnIntoTask", f.jiaoyu, good, 403},
			{"MissingLeadRefused", f.office, url.Values{"deadline": {"2026-07-31"}, "source": {"appeal"}}, 422},
			{"BadDeadlineRefused", f.office, url.Values{"lead_unit": {itoa(f.qingID)}, "deadline": {"31/07/2026"}, "source": {"appeal"}}, 422},
			{"BadSourceRefused", f.office, url.Values{"lead_unit": {itoa(f.qingID)}, "deadline": {"2026-07-31"}, "source": {"plan"}}, 422},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if res := toTask(tc.c, first, tc.form); res.Code != tc.code || tasks() != n {
					t.Fatalf("got %d, want %d; tasks %d → %d", res.Code, tc.code, n, tasks())
				}
			})
		}
		t.Run("TurnedIntoTask", func(t *testing.T) {
			if res := toTask(f.office, first, good); res.Code != 303 {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			tid := f.scalar(`SELECT task_id FROM meeting_opinions WHERE id = ?`, first)
			if src := f.text(`SELECT source FROM tasks WHERE id = ?`, tid); src != "appeal" {
				t.Fatalf("task source %s", src)
			}
			if res := f.office.Get(path); !strings.Contains(res.Body, "/tasks/"+itoa(tid)) || !strings.Contains(res.Body, "已交办") {
				t.Fatal("the opinion's outcome is not shown")
			}
		})
		t.Run("SecondTurnRefused", func(t *testing.T) {
			n := tasks()
			if res := toTask(f.office, first, good); res.Code != 400 || tasks() != n {
				t.Fatalf("got %d", res.Code)
			}
		})
		t.Run("OpinionOfOtherMeetingNotFound", func(t *testing.T) {
			if res := f.office.Post("/meetings/"+itoa(dispatch)+"/opinions/"+itoa(second)+"/task", good); res.Code != 404 {
				t.Fatalf("got %d", res.Code)
			}
		})
		t.Run("TurnedIntoAppeal", func(t *testing.T) {
			cat := f.scalar(`SELECT MIN(id) FROM appeal_categories`)
			village := f.scalar(`SELECT MIN(id) FROM regions WHERE level = 'village'`)
			ap := path + "/opinions/" + itoa(second) + "/appeal"
			if res := f.office.Post(ap, url.Values{"category": {itoa(cat)}}); res.Code != 422 {
				t.Fatalf("without village: %d", res.Code)
			}
			if res := f.jiaoyu.Post(ap, url.Values{"category": {itoa(cat)}, "region": {itoa(village)}}); res.Code != 403 {
				t.Fatalf("unit: %d", res.Code)
			}
			if res := f.office.Post(ap, url.Values{"category": {itoa(cat)}, "region": {itoa(village)}}); res.Code != 303 {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			aid := f.scalar(`SELECT appeal_id FROM meeting_opinions WHERE id = ?`, second)
			if src := f.text(`SELECT source FROM appeals WHERE id = ?`, aid); src != "forum" {
				t.Fatalf("appeal source %s", src)
			}
			if res := f.office.Get(path); !strings.Contains(res.Body, "/appeals/"+itoa(aid)) {
				t.Fatal("the appeal outcome is not shown")
			}
		})
	})
}

// TestAppealStateLabels checks that every appeal state has its label in both
// catalogues, so an opinion's outcome never shows a raw key.
func TestAppealStateLabels(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		raw, err := os.ReadFile("locales/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]string
		if err := json.Unmarshal(raw, &msgs); err != nil {
			t.Fatal(err)
		}
		for _, s := range appeal.States {
			if msgs["meeting.appeal_state."+string(s)] == "" {
				t.Errorf("%s: no label for appeal state %s", lang, s)
			}
		}
	}
}
