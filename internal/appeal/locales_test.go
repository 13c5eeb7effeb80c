package appeal_test

import (
	"encoding/json"
	"os"
	"testing"

	"tongchou/internal/appeal"
)

// TestMessagesForEveryValue: the keys the templates build from states,
// actions, events, classes, sources, ratings and limits exist in both
// catalogues.
func TestMessagesForEveryValue(t *testing.T) {
	var keys []string
	for _, s := range appeal.States {
		keys = append(keys, "appeal.state."+string(s))
	}
	for _, a := range appeal.Actions {
		keys = append(keys, "appeal.act."+string(a), "appeal.event."+string(a))
		if a.NeedsReason() {
			keys = append(keys, "appeal.reason."+string(a))
		}
		if a.NeedsUnit() {
			keys = append(keys, "appeal.unit."+string(a))
		}
		if a.NeedsDate() {
			keys = append(keys, "appeal.date."+string(a))
		}
	}
	for _, e := range []string{"receive", "dispatch_rule", "reopen", "rate_satisfied", "rate_basic", "rate_unsatisfied",
		"escalate_urge", "escalate_supervise", "reason.callback", "reason.to_task"} {
		if e[:6] == "reason" {
			keys = append(keys, "appeal."+e)
			continue
		}
		keys = append(keys, "appeal.event."+e)
	}
	for _, c := range appeal.Classes {
		keys = append(keys, "appeal.class."+c)
	}
	for _, k := range appeal.LimitKinds {
		keys = append(keys, "appeal.kind."+k)
	}
	for _, s := range []string{"public", "phone", "visit", "forum", "open311"} {
		keys = append(keys, "appeal.source."+s)
	}
	for _, r := range []string{appeal.RatingSatisfied, appeal.RatingBasic, appeal.RatingUnsatisfied} {
		keys = append(keys, "appeal.rating."+r)
	}
	keys = append(keys, "appeal.unit_of."+appeal.UnitHours, "appeal.unit_of."+appeal.UnitWorkdays)
	for _, lang := range []string{"zh-CN", "en"} {
		raw, err := os.ReadFile("locales/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var cat map[string]string
		if err := json.Unmarshal(raw, &cat); err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if cat[k] == "" {
				t.Errorf("%s: no message %s", lang, k)
			}
		}
	}
}
