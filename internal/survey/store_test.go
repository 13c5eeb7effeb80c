package survey_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/survey"
	"tongchou/internal/ui"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

func newStore(t *testing.T, db *store.DB) (*survey.Store, *clock) {
	t.Helper()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)} // 10:00 in Shanghai
	return survey.New(db, audit.New(db, suite, c.Now), suite, c.Now), c
}

// published creates testSurvey's questions (without the village question,
// which needs the region tree) and publishes it.
func published(t *testing.T, st *survey.Store, m survey.Meta) survey.Survey {
	t.Helper()
	ctx := context.Background()
	id, err := st.Create(ctx, m)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	for _, q := range testSurvey().Questions {
		if q.Type == survey.Village {
			continue
		}
		q.Key = ""
		if _, err := st.SaveQuestion(ctx, id, q); err != nil {
			t.Fatalf("save question %s: %v", q.Title, err)
		}
	}
	if err := st.Publish(ctx, id); err != nil {
		t.Fatalf("publish: %v", err)
	}
	s, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func answer(t *testing.T, s survey.Survey, kv ...string) []survey.Answer {
	t.Helper()
	as, errs := s.ParseAnswers(form(kv...), villages)
	if len(errs) > 0 {
		t.Fatalf("answers refused: %v", errs)
	}
	return as
}

func TestBuilderStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st, _ := newStore(t, db)
		ctx := context.Background()
		s := published(t, st, survey.Meta{Title: "民生调查", Anonymous: true, IPLimit: 20})
		if len(s.Questions) != 7 || s.Questions[1].ShowIf == nil || s.Questions[1].ShowIf.Question != s.Questions[0].Key {
			t.Fatalf("questions stored as %+v", s.Questions)
		}
		t.Run("QuestionsFixedOncePublished", func(t *testing.T) {
			_, err := st.SaveQuestion(ctx, s.ID, survey.Question{Type: survey.Short, Title: "新题"})
			if !errors.Is(err, survey.ErrState) {
				t.Fatalf("save after publish = %v, want ErrState", err)
			}
		})
		t.Run("MoveAboveRuleTargetRefused", func(t *testing.T) {
			id, _ := st.Create(ctx, survey.Meta{Title: "草稿"})
			k1, _ := st.SaveQuestion(ctx, id, survey.Question{Type: survey.Single, Title: "a", Options: []string{"x", "y"}})
			k2, _ := st.SaveQuestion(ctx, id, survey.Question{Type: survey.Short, Title: "b", ShowIf: &survey.ShowRule{Question: k1, Option: 2}})
			if err := st.MoveQuestion(ctx, id, k2, true); !ui.IsInvalid(err) {
				t.Fatalf("move above its rule's question = %v, want a form error", err)
			}
			if err := st.DeleteQuestion(ctx, id, k1); err != nil {
				t.Fatalf("delete: %v", err)
			}
			d, _ := st.Get(ctx, id)
			if len(d.Questions) != 1 || d.Questions[0].ShowIf != nil {
				t.Fatalf("after deleting the rule's question: %+v", d.Questions)
			}
		})
		t.Run("PublishEmptyRefused", func(t *testing.T) {
			id, _ := st.Create(ctx, survey.Meta{Title: "空"})
			if err := st.Publish(ctx, id); !ui.IsInvalid(err) {
				t.Fatalf("publish empty = %v", err)
			}
		})
		t.Run("BadMetaRefused", func(t *testing.T) {
			for _, m := range []survey.Meta{{Title: ""}, {Title: "x", CloseOn: "2026-13-01"}, {Title: "x", CloseOn: "2026-01-01"},
				{Title: "x", IPLimit: -1}, {Title: "x", CampaignID: 999999}} {
				if _, err := st.Create(ctx, m); !ui.IsInvalid(err) {
					t.Errorf("create %+v = %v, want a form error", m, err)
				}
			}
		})
	})
}

func TestSubmit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st, c := newStore(t, db)
		ctx := context.Background()
		s := published(t, st, survey.Meta{Title: "民生调查", Anonymous: true, IPLimit: 3, CloseOn: "2026-05-10"})
		as := answer(t, s, "q_q1", "1", "q_q2", "2", "q_q3", "电商")
		if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-a", IP: "10.0.0.1", Answers: as}); err != nil {
			t.Fatalf("first response: %v", err)
		}
		t.Run("DuplicateDeviceRefused", func(t *testing.T) {
			_, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-a", IP: "10.0.0.9", Answers: as})
			if !errors.Is(err, survey.ErrDuplicate) {
				t.Fatalf("second response from the device = %v", err)
			}
		})
		t.Run("AddressCapRefused", func(t *testing.T) {
			for _, d := range []string{"dev-b", "dev-c"} {
				if _, err := st.Submit(ctx, s.ID, survey.Response{Device: d, IP: "10.0.0.1", Answers: as}); err != nil {
					t.Fatalf("response %s: %v", d, err)
				}
			}
			if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-d", IP: "10.0.0.1", Answers: as}); !errors.Is(err, survey.ErrTooMany) {
				t.Fatalf("fourth response from the address = %v", err)
			}
			c.Set(c.Now().Add(25 * time.Hour))
			if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-d", IP: "10.0.0.1", Answers: as}); err != nil {
				t.Fatalf("next day: %v", err)
			}
		})
		t.Run("ClosedByDateRefused", func(t *testing.T) {
			c.Set(time.Date(2026, 5, 10, 15, 59, 0, 0, time.UTC)) // 23:59 on the close date in Shanghai
			if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-e", IP: "10.0.0.2", Answers: as}); err != nil {
				t.Fatalf("on the close date: %v", err)
			}
			c.Set(time.Date(2026, 5, 10, 16, 0, 0, 0, time.UTC)) // midnight: the 11th
			if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-f", IP: "10.0.0.2", Answers: as}); !errors.Is(err, survey.ErrClosed) {
				t.Fatalf("after the close date = %v", err)
			}
			open, err := survey.OpenSurveysOn(ctx, db, c.Now())
			if err != nil || len(open) != 0 {
				t.Fatalf("open surveys after the date = %v, %v", open, err)
			}
		})
		t.Run("ClosedByHandRefused", func(t *testing.T) {
			c.Set(time.Date(2026, 5, 7, 2, 0, 0, 0, time.UTC))
			open, err := survey.OpenSurveysOn(ctx, db, c.Now())
			if err != nil || len(open) != 1 || open[0].URL != "/s/"+s.Slug {
				t.Fatalf("open surveys = %v, %v", open, err)
			}
			if err := st.Close(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "dev-g", IP: "10.0.0.3", Answers: as}); !errors.Is(err, survey.ErrClosed) {
				t.Fatalf("after closing = %v", err)
			}
		})
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'survey_response'`).Scan(&n); err != nil || n != 5 {
			t.Fatalf("audited responses = %d, %v; want 5", n, err)
		}
	})
}

func TestNamedSurveyMasksName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st, _ := newStore(t, db)
		ctx := context.Background()
		s := published(t, st, survey.Meta{Title: "实名调查", Anonymous: false, IPLimit: 20})
		if _, err := st.Submit(ctx, s.ID, survey.Response{Device: "d1", IP: "10.0.0.1", Name: "张三丰", Answers: answer(t, s, "q_q1", "2")}); err != nil {
			t.Fatal(err)
		}
		tab, err := st.Export(ctx, s, nil, survey.Fixed{ID: "编号", Time: "时间", Name: "姓名"})
		if err != nil {
			t.Fatal(err)
		}
		if tab.Header[2] != "姓名" || tab.Rows[0][2] == "" || strings.Contains(tab.Rows[0][2], "三丰") {
			t.Fatalf("export name column %q / %q", tab.Header[2], tab.Rows[0][2])
		}
		var enc string
		db.QueryRow(ctx, `SELECT name_enc FROM survey_responses`).Scan(&enc)
		if enc == "" || strings.Contains(enc, "张三丰") {
			t.Fatalf("name stored as %q", enc)
		}
		var logged int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE after_value LIKE ?`, "%三丰%").Scan(&logged)
		if logged != 0 {
			t.Fatal("the audit log holds the full name")
		}
	})
}
