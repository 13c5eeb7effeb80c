package briefing_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/briefing"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/ui"
)

func newStore(t *testing.T, db *store.DB) *briefing.Store {
	t.Helper()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	must(t, err)
	now := func() time.Time { return time.Date(2026, 6, 17, 9, 0, 0, 0, time.UTC) }
	return briefing.New(db, audit.New(db, suite, now), now)
}

func office(fx *fixture) *auth.Principal {
	return &auth.Principal{ID: fx.user, Username: "fx", Roles: []auth.Role{auth.RoleOffice}}
}

func TestEmptyPeriodSaysSoInsteadOfZeros(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := seed(t, db)
		f, err := briefing.Compute(context.Background(), db, fx.campaign, "2026-02-02", "2026-02-06")
		must(t, err)
		if !f.Empty {
			t.Fatalf("a period before any task started is not empty: %+v", f.Overall)
		}
		text := sectionText(briefing.Sections(f))
		if !strings.Contains(text, "暂无可通报的数据") || strings.Contains(text, "按时报送率0%") {
			t.Errorf("empty period text:\n%s", text)
		}
		for _, u := range f.Units {
			if u.Scored || u.Rank != 0 {
				t.Errorf("%s is ranked in an empty period", u.Name)
			}
		}
	})
}

func sectionText(ss []briefing.Section) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Heading + "\n" + s.Text + "\n")
	}
	return b.String()
}

func TestBadPeriodIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := seed(t, db)
		s := newStore(t, db)
		for _, tc := range []struct{ name, from, to string }{
			{"Reversed", "2026-06-17", "2026-06-01"}, {"Malformed", "2026-13-01", "2026-06-01"}, {"Empty", "", ""},
			{"SQLInText", "2026-06-01' OR 1=1 --", "2026-06-17"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Generate(context.Background(), office(fx), fx.campaign, briefing.KindBriefing, tc.from, tc.to)
				if !ui.IsInvalid(err) {
					t.Fatalf("Generate(%q, %q) = %v, want a form error", tc.from, tc.to, err)
				}
			})
		}
		var n int
		must(t, db.QueryRow(context.Background(), `SELECT COUNT(*) FROM briefings`).Scan(&n))
		if n != 0 {
			t.Errorf("%d briefings written by refused requests", n)
		}
	})
}

// TestPublishNumbersWithoutGapsUnderConcurrency publishes six drafts at once:
// the numbers are 1 to 6, each once.
func TestPublishNumbersWithoutGapsUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := seed(t, db)
		s := newStore(t, db)
		p := office(fx)
		set := briefing.DefaultSettings
		set.Prefix = "河西督通"
		must(t, s.SaveSettings(ctx, p, fx.campaign, set))
		var ids []int64
		for range 6 {
			id, err := s.Generate(ctx, p, fx.campaign, briefing.KindBriefing, fxFrom, fxTo)
			must(t, err)
			ids = append(ids, id)
		}
		var wg sync.WaitGroup
		numbers := make([]string, len(ids))
		errs := make([]error, len(ids))
		for i, id := range ids {
			wg.Go(func() { numbers[i], errs[i] = s.Publish(ctx, p, id, 1) })
		}
		wg.Wait()
		must(t, errors.Join(errs...))
		slices.Sort(numbers)
		var want []string
		for i := 1; i <= 6; i++ {
			want = append(want, fmt.Sprintf("河西督通〔2026〕%d号", i))
		}
		slices.Sort(want)
		if !slices.Equal(numbers, want) {
			t.Errorf("numbers %v, want %v", numbers, want)
		}
	})
}

// TestPublishedBriefingIsFrozen: editing or publishing again is refused, the
// red notice it names is marked, and it shows the same figures after the data moved.
func TestPublishedBriefingIsFrozen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := seed(t, db)
		s := newStore(t, db)
		p := office(fx)
		id, err := s.Generate(ctx, p, fx.campaign, briefing.KindBriefing, fxFrom, fxTo)
		must(t, err)
		b, err := s.Get(ctx, p, id)
		must(t, err)
		texts := map[string]string{"overall": "改过的一句话。"}
		must(t, s.Edit(ctx, p, id, 1, b.Title, texts))
		if _, err := s.Publish(ctx, p, id, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("publishing a stale version = %v, want a conflict", err)
		}
		number, err := s.Publish(ctx, p, id, 2)
		must(t, err)
		if number != "督通〔2026〕1号" {
			t.Errorf("number %q", number)
		}
		if err := s.Edit(ctx, p, id, 3, "新标题", texts); !errors.Is(err, briefing.ErrPublished) {
			t.Errorf("editing a published briefing = %v, want ErrPublished", err)
		}
		if _, err := s.Publish(ctx, p, id, 3); !errors.Is(err, briefing.ErrPublished) {
			t.Errorf("publishing twice = %v, want ErrPublished", err)
		}
		var briefed int
		must(t, db.QueryRow(ctx, `SELECT COUNT(*) FROM task_notices WHERE briefed_at IS NOT NULL`).Scan(&briefed))
		if briefed != 1 {
			t.Errorf("%d red notices marked as briefed, want 1", briefed)
		}
		// the data moves on: every task is done
		_, err = db.Exec(ctx, `UPDATE tasks SET state = 'done', done_at = ?`, at("2026-06-17", 10))
		must(t, err)
		after, err := s.Get(ctx, p, id)
		must(t, err)
		if !reflect.DeepEqual(after.Figures, b.Figures) || after.Sections[1].Text != "改过的一句话。" || len(after.Basis.Tasks) != b.Figures.Overall.Tasks {
			t.Errorf("published briefing changed: %+v", after.Figures.Overall)
		}
	})
}

func TestEditRefusesBadInputAndOtherRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := seed(t, db)
		s := newStore(t, db)
		p := office(fx)
		id, err := s.Generate(ctx, p, fx.campaign, briefing.KindOutline, fxFrom, fxTo)
		must(t, err)
		for _, tc := range []struct {
			name  string
			title string
			texts map[string]string
		}{
			{"EmptyTitle", "  ", nil},
			{"HugeText", "标题", map[string]string{"opening": strings.Repeat("长", 1<<20)}},
			{"InvalidUTF8", "标题", map[string]string{"opening": "\xff\xfe"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if err := s.Edit(ctx, p, id, 1, tc.title, tc.texts); !ui.IsInvalid(err) {
					t.Errorf("Edit = %v, want a form error", err)
				}
			})
		}
		leader := &auth.Principal{ID: fx.user, Roles: []auth.Role{auth.RoleLeader}}
		if err := s.Edit(ctx, leader, id, 1, "标题", nil); !errors.Is(err, ui.ErrForbidden) {
			t.Errorf("leader edits: %v", err)
		}
		liaison := &auth.Principal{ID: fx.user, Roles: []auth.Role{auth.RoleLiaison}}
		if _, err := s.Get(ctx, liaison, id); !errors.Is(err, ui.ErrForbidden) {
			t.Errorf("liaison reads: %v", err)
		}
		b, err := s.Get(ctx, p, id)
		must(t, err)
		if b.Version != 1 || !strings.Contains(sectionText(b.Sections), "同志们") {
			t.Errorf("outline changed by refused edits or not drafted: v%d", b.Version)
		}
		if _, err := s.Publish(ctx, p, id, 1); !ui.IsInvalid(err) {
			t.Errorf("publishing an outline = %v, want refused", err)
		}
	})
}

func TestSectionsNameUnitsAndFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := seed(t, db)
		f, err := briefing.Compute(context.Background(), db, fx.campaign, fxFrom, fxTo)
		must(t, err)
		text := sectionText(briefing.Sections(f))
		for _, want := range []string{"2026年6月1日至2026年6月17日", fmt.Sprintf("交办任务%d项", f.Overall.Tasks), "红榜", "黑榜",
			"区戊局本期无应办事项", "亮红灯", "通报〔2026〕1号", "完成摸底台账"} {
			if !strings.Contains(text, want) {
				t.Errorf("briefing text lacks %q:\n%s", want, text)
			}
		}
		for _, u := range f.Problems.MissingUnits {
			if !strings.Contains(text, u.Unit+"未报") {
				t.Errorf("unit %s with missing reports is not named", u.Unit)
			}
		}
	})
}
