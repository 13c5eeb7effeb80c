package task

import (
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Action is a step of the workflow; its name is the verb in POST /tasks/{id}/{verb}.
type Action string

// The workflow's actions.
const (
	ActAssign            Action = "assign"             // 交办 (office)
	ActSign              Action = "sign"               // 签收 (lead unit)
	ActSendBack          Action = "send_back"          // 退回/申请调整 before signing (lead unit)
	ActStart             Action = "start"              // 开始办理 (lead unit)
	ActRequestCompletion Action = "request_completion" // 申请办结 with evidence (lead unit)
	ActComplete          Action = "complete"           // 办结 (office verifies)
	ActReturn            Action = "return"             // 退回重办 (office)
	ActRequestExtension  Action = "request_extension"  // 延期申请, before the deadline (lead unit)
	ActApproveExtension  Action = "approve_extension"  // 同意延期 (office)
	ActRefuseExtension   Action = "refuse_extension"   // 不同意延期 (office)
	ActCancel            Action = "cancel"             // 撤销 (office)
)

// actor is who may take an action: the office, or the lead unit's liaison
// or unit head. Leaders and co-units take none.
type actor int

const (
	byOffice actor = iota
	byLead
)

// transition is one row of the state machine.
type transition struct {
	from   []State
	to     State // empty: the state stays (extension requests and decisions)
	by     actor
	reason bool // a reason, evidence or comment must be given
}

var open = []State{StateDraft, StateAssigned, StateReturnedByUnit, StateSigned, StateInProgress, StateCompletionRequested}

// transitions is the whole workflow. Extension steps keep the state; whether
// one is pending is checked beside the table (see Store.Act).
var transitions = map[Action]transition{
	ActAssign:            {from: []State{StateDraft, StateReturnedByUnit}, to: StateAssigned, by: byOffice},
	ActSign:              {from: []State{StateAssigned}, to: StateSigned, by: byLead},
	ActSendBack:          {from: []State{StateAssigned}, to: StateReturnedByUnit, by: byLead, reason: true},
	ActStart:             {from: []State{StateSigned}, to: StateInProgress, by: byLead},
	ActRequestCompletion: {from: []State{StateInProgress}, to: StateCompletionRequested, by: byLead, reason: true},
	ActComplete:          {from: []State{StateCompletionRequested}, to: StateDone, by: byOffice},
	ActReturn:            {from: []State{StateCompletionRequested}, to: StateInProgress, by: byOffice, reason: true},
	ActRequestExtension:  {from: []State{StateSigned, StateInProgress}, by: byLead, reason: true},
	ActApproveExtension:  {from: []State{StateSigned, StateInProgress, StateCompletionRequested}, by: byOffice},
	ActRefuseExtension:   {from: []State{StateSigned, StateInProgress, StateCompletionRequested}, by: byOffice, reason: true},
	ActCancel:            {from: open, by: byOffice, to: StateCancelled, reason: true},
}

// Actions in the order the task page offers them.
var Actions = []Action{ActAssign, ActSign, ActSendBack, ActStart, ActRequestCompletion, ActComplete, ActReturn,
	ActRequestExtension, ActApproveExtension, ActRefuseExtension, ActCancel}

// ErrInvalidState is returned for an action the task's state does not allow;
// it is a kind of store.ErrConflict (the page says someone changed the task).
var ErrInvalidState = fmt.Errorf("action not allowed in this state: %w", store.ErrConflict)

// Valid reports whether a is a known action.
func (a Action) Valid() bool { _, ok := transitions[a]; return ok }

// NeedsReason reports whether a requires a reason or evidence.
func (a Action) NeedsReason() bool { return transitions[a].reason }

// NeedsDate reports whether a asks for a new deadline.
func (a Action) NeedsDate() bool { return a == ActRequestExtension }

// may reports whether p holds the role and unit relation the action needs on t.
func (tr transition) may(p *auth.Principal, t *Task) bool {
	switch tr.by {
	case byOffice:
		return p.Has(auth.RoleOffice)
	case byLead:
		return p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) && slices.Contains(p.Units, t.LeadUnitID)
	}
	return false
}

// check decides an action before its inputs are looked at: the role and unit
// first (ui.ErrForbidden), then the state (ErrInvalidState); scope was checked
// when the task was read.
func check(p *auth.Principal, t *Task, a Action, pendingExt bool) error {
	tr, ok := transitions[a]
	if !ok {
		return fmt.Errorf("action %q: %w", a, store.ErrNotFound)
	}
	if !tr.may(p, t) {
		return forbidden(a)
	}
	if !slices.Contains(tr.from, t.State) {
		return fmt.Errorf("%s from %s: %w", a, t.State, ErrInvalidState)
	}
	switch a {
	case ActRequestExtension:
		if pendingExt {
			return fmt.Errorf("extension already pending: %w", ErrInvalidState)
		}
	case ActApproveExtension, ActRefuseExtension:
		if !pendingExt {
			return fmt.Errorf("no extension pending: %w", ErrInvalidState)
		}
	}
	return nil
}

// Allowed lists the actions p may take on t now (the task page's buttons).
func Allowed(p *auth.Principal, t *Task, pendingExt bool) []Action {
	var out []Action
	for _, a := range Actions {
		if check(p, t, a, pendingExt) == nil {
			out = append(out, a)
		}
	}
	return out
}
