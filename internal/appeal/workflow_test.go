package appeal_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"tongchou/internal/appeal"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// expectation is one action of the workflow as the specification states it:
// who may take it, from which states, and where it leads ("" keeps the state).
type expectation struct {
	act   appeal.Action
	who   []string
	from  []appeal.State
	to    appeal.State
	input func(f *fixture) appeal.ActInput
	// pending: an extension request must be pending first (the driver makes one).
	pending bool
}

var unitRoles = []string{asLiaison, asHead}

func expectations() []expectation {
	none := func(*fixture) appeal.ActInput { return appeal.ActInput{} }
	reason := func(*fixture) appeal.ActInput { return appeal.ActInput{Reason: "理由"} }
	return []expectation{
		{appeal.ActDispatch, []string{asOffice}, []appeal.State{appeal.StateReceived}, appeal.StateDispatched,
			func(f *fixture) appeal.ActInput { return appeal.ActInput{UnitID: f.units["教育局"]} }, false},
		{appeal.ActSign, unitRoles, []appeal.State{appeal.StateDispatched}, appeal.StateSigned, none, false},
		{appeal.ActSendBack, unitRoles, []appeal.State{appeal.StateDispatched}, appeal.StateBack, reason, false},
		{appeal.ActAcceptBack, []string{asOffice}, []appeal.State{appeal.StateBack}, appeal.StateReceived, none, false},
		{appeal.ActRefuseBack, []string{asOffice}, []appeal.State{appeal.StateBack}, appeal.StateDispatched, reason, false},
		{appeal.ActRequestCoHandling, unitRoles, []appeal.State{appeal.StateSigned}, "", reason, false},
		{appeal.ActAddCoUnit, []string{asOffice}, []appeal.State{appeal.StateSigned, appeal.StateAnswered}, "",
			func(f *fixture) appeal.ActInput { return appeal.ActInput{UnitID: f.units["卫生健康局"]} }, false},
		{appeal.ActRequestExtension, unitRoles, []appeal.State{appeal.StateSigned}, "",
			func(f *fixture) appeal.ActInput { return appeal.ActInput{Reason: "需协调", Date: "2026-07-01"} }, false},
		{appeal.ActApproveExtension, []string{asOffice}, []appeal.State{appeal.StateSigned, appeal.StateAnswered}, "", none, true},
		{appeal.ActRefuseExtension, []string{asOffice}, []appeal.State{appeal.StateSigned, appeal.StateAnswered}, "", reason, true},
		{appeal.ActAnswer, unitRoles, []appeal.State{appeal.StateSigned}, appeal.StateAnswered,
			func(*fixture) appeal.ActInput { return appeal.ActInput{Reason: "已解决", Solved: "yes"} }, false},
		{appeal.ActApprove, []string{asOffice}, []appeal.State{appeal.StateAnswered}, appeal.StateRating, none, false},
		{appeal.ActReturn, []string{asOffice}, []appeal.State{appeal.StateAnswered}, appeal.StateSigned, reason, false},
		{appeal.ActCallback, []string{asOffice}, []appeal.State{appeal.StateRating}, appeal.StateClosed,
			func(*fixture) appeal.ActInput { return appeal.ActInput{Rating: appeal.RatingBasic} }, false},
		{appeal.ActToTask, []string{asOffice}, []appeal.State{appeal.StateReceived, appeal.StateDispatched, appeal.StateBack,
			appeal.StateSigned, appeal.StateAnswered, appeal.StateRating}, "",
			func(f *fixture) appeal.ActInput {
				return appeal.ActInput{CampaignID: f.campaign, UnitID: f.units["教育局"], Date: "2026-06-30"}
			}, false},
	}
}

// TestEveryTransitionByEveryRole tries each action from each state by each
// role: it succeeds exactly where the specification allows it; a wrong role
// is refused (403, or 404 outside the unit's scope) and a wrong state is a
// conflict, and neither changes the appeal.
func testEveryTransitionByEveryRole(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	ctx := context.Background()
	if len(expectations()) != len(appeal.Actions) {
		t.Fatalf("expectations cover %d actions, workflow has %d", len(expectations()), len(appeal.Actions))
	}
	shared := map[appeal.State]int64{}
	for _, st := range appeal.States {
		shared[st] = f.to(t, st)
	}
	for _, e := range expectations() {
		for _, st := range appeal.States {
			for _, who := range roles {
				allowed := slices.Contains(e.who, who) && slices.Contains(e.from, st)
				name := string(e.act) + "/" + string(st) + "/" + who
				if !allowed {
					t.Run(name+"/refused", func(t *testing.T) {
						id := shared[st]
						before := f.get(t, id)
						err := f.s.Act(ctx, f.users[who], id, e.act, e.input(f))
						switch {
						case err == nil:
							t.Fatal("allowed")
						case st == appeal.StateReceived && slices.Contains(unitRoles, who):
							// Not dispatched yet: outside every unit's scope.
							if !errors.Is(err, store.ErrNotFound) {
								t.Fatalf("err = %v, want not found", err)
							}
						case slices.Contains(e.who, who):
							if !errors.Is(err, appeal.ErrInvalidState) {
								t.Fatalf("err = %v, want invalid state", err)
							}
						case !errors.Is(err, ui.ErrForbidden) && !errors.Is(err, store.ErrNotFound):
							t.Fatalf("err = %v, want forbidden or not found", err)
						}
						if after := f.get(t, id); after.Version != before.Version || after.State != before.State {
							t.Fatalf("refused action changed the appeal: %+v", after)
						}
					})
					continue
				}
				t.Run(name+"/allowed", func(t *testing.T) {
					id := f.to(t, st)
					if e.pending {
						pendingExtension(t, f, id, st)
					}
					before := f.get(t, id)
					if err := f.s.Act(ctx, f.users[who], id, e.act, e.input(f)); err != nil {
						t.Fatalf("act: %v", err)
					}
					after := f.get(t, id)
					want := e.to
					if want == "" {
						want = st
					}
					if after.State != want || after.Version != before.Version+1 {
						t.Fatalf("state %s version %d, want %s version %d", after.State, after.Version, want, before.Version+1)
					}
					tl, err := f.s.Timeline(ctx, id)
					if err != nil || tl[len(tl)-1].Action == "" {
						t.Fatalf("timeline %v %v", tl, err)
					}
				})
			}
		}
	}
}

// pendingExtension makes an extension request pending on an appeal in st
// (signed, or answered after requesting while signed).
func pendingExtension(t *testing.T, f *fixture, id int64, st appeal.State) {
	t.Helper()
	if st == appeal.StateAnswered {
		f.act(t, asOffice, id, appeal.ActReturn, appeal.ActInput{Reason: "补充"})
	}
	f.act(t, asLiaison, id, appeal.ActRequestExtension, appeal.ActInput{Reason: "需协调", Date: "2026-07-01"})
	if st == appeal.StateAnswered {
		f.act(t, asLiaison, id, appeal.ActAnswer, appeal.ActInput{Reason: "已解决", Solved: "yes"})
	}
}

// TestExtensionNeedsPendingRequest: approving or refusing with nothing
// pending, or requesting twice, is a conflict.
func testExtensionNeedsPendingRequest(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	ctx := context.Background()
	id := f.to(t, appeal.StateSigned)
	for _, a := range []appeal.Action{appeal.ActApproveExtension, appeal.ActRefuseExtension} {
		if err := f.s.Act(ctx, f.users[asOffice], id, a, appeal.ActInput{Reason: "x"}); !errors.Is(err, appeal.ErrInvalidState) {
			t.Fatalf("%s without request: %v", a, err)
		}
	}
	f.act(t, asLiaison, id, appeal.ActRequestExtension, appeal.ActInput{Reason: "需协调", Date: "2026-07-01"})
	err := f.s.Act(ctx, f.users[asLiaison], id, appeal.ActRequestExtension, appeal.ActInput{Reason: "再延", Date: "2026-07-02"})
	if !errors.Is(err, appeal.ErrInvalidState) {
		t.Fatalf("second request: %v", err)
	}
}
