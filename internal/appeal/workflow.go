package appeal

import (
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Action is a step of the workflow; its name is the verb in POST /appeals/{id}/{verb}.
type Action string

// The workflow's actions. Rating on the tracker is not here: the citizen has
// no principal (see RateByCode), but it moves the appeal the same way as
// ActCallback.
const (
	ActDispatch          Action = "dispatch"           // 派单 (office)
	ActSign              Action = "sign"               // 签收 (unit)
	ActSendBack          Action = "send_back"          // 退单 before signing, with reason (unit)
	ActAcceptBack        Action = "accept_back"        // accept the 退单, re-dispatch next (office)
	ActRefuseBack        Action = "refuse_back"        // refuse the 退单: the unit must sign (office)
	ActRequestCoHandling Action = "request_cohandling" // ask for co-handling units, with reason (unit)
	ActAddCoUnit         Action = "add_co_unit"        // add a co-handling unit (office)
	ActRequestExtension  Action = "request_extension"  // 延期, only before the limit, with reason (unit)
	ActApproveExtension  Action = "approve_extension"  // (office)
	ActRefuseExtension   Action = "refuse_extension"   // (office)
	ActAnswer            Action = "answer"             // 办理结果, solved or not (unit)
	ActApprove           Action = "approve"            // 审核通过: awaiting rating (office)
	ActReturn            Action = "return"             // 审核退回 to the unit, with reason (office)
	ActCallback          Action = "callback"           // 回访: rating taken by phone (office)
	ActToTask            Action = "to_task"            // 转任务 (office)
)

// actor is who may take an action.
type actor int

const (
	byOffice actor = iota
	byUnit         // the handling unit's liaison or head
)

// transition is one row of the state machine.
type transition struct {
	from   []State
	to     State // empty: the state stays (requests, co-units, tasks) or depends on the rating
	by     actor
	reason bool // a reason, answer or comment must be given
}

var handling = []State{StateReceived, StateDispatched, StateBack, StateSigned, StateAnswered, StateRating}

// transitions is the whole workflow.
var transitions = map[Action]transition{
	ActDispatch:          {from: []State{StateReceived}, to: StateDispatched, by: byOffice},
	ActSign:              {from: []State{StateDispatched}, to: StateSigned, by: byUnit},
	ActSendBack:          {from: []State{StateDispatched}, to: StateBack, by: byUnit, reason: true},
	ActAcceptBack:        {from: []State{StateBack}, to: StateReceived, by: byOffice},
	ActRefuseBack:        {from: []State{StateBack}, to: StateDispatched, by: byOffice, reason: true},
	ActRequestCoHandling: {from: []State{StateSigned}, by: byUnit, reason: true},
	ActAddCoUnit:         {from: []State{StateSigned, StateAnswered}, by: byOffice},
	ActRequestExtension:  {from: []State{StateSigned}, by: byUnit, reason: true},
	ActApproveExtension:  {from: []State{StateSigned, StateAnswered}, by: byOffice},
	ActRefuseExtension:   {from: []State{StateSigned, StateAnswered}, by: byOffice, reason: true},
	ActAnswer:            {from: []State{StateSigned}, to: StateAnswered, by: byUnit, reason: true},
	ActApprove:           {from: []State{StateAnswered}, to: StateRating, by: byOffice},
	ActReturn:            {from: []State{StateAnswered}, to: StateSigned, by: byOffice, reason: true},
	ActCallback:          {from: []State{StateRating}, by: byOffice},
	ActToTask:            {from: handling, by: byOffice},
}

// Actions in the order the appeal page offers them.
var Actions = []Action{ActDispatch, ActSign, ActSendBack, ActAcceptBack, ActRefuseBack, ActAnswer, ActApprove, ActReturn,
	ActCallback, ActRequestExtension, ActApproveExtension, ActRefuseExtension, ActRequestCoHandling, ActAddCoUnit, ActToTask}

// ErrInvalidState is returned for an action the appeal's state does not
// allow; it is a kind of store.ErrConflict.
var ErrInvalidState = fmt.Errorf("action not allowed in this state: %w", store.ErrConflict)

// Valid reports whether a is a known action.
func (a Action) Valid() bool { _, ok := transitions[a]; return ok }

// NeedsReason reports whether a requires a reason, answer or comment.
func (a Action) NeedsReason() bool { return transitions[a].reason }

// may reports whether p holds the role and unit relation the action needs.
func (tr transition) may(p *auth.Principal, a *Appeal) bool {
	switch tr.by {
	case byOffice:
		return p.Has(auth.RoleOffice)
	case byUnit:
		return a.UnitID != 0 && p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) && slices.Contains(p.Units, a.UnitID)
	}
	return false
}

// check decides an action before its inputs are looked at: role and unit
// first (ui.ErrForbidden), then the state (ErrInvalidState).
func check(p *auth.Principal, a *Appeal, act Action) error {
	tr, ok := transitions[act]
	if !ok {
		return fmt.Errorf("action %q: %w", act, store.ErrNotFound)
	}
	if !tr.may(p, a) {
		return fmt.Errorf("%s: %w", act, ui.ErrForbidden)
	}
	if !slices.Contains(tr.from, a.State) {
		return fmt.Errorf("%s from %s: %w", act, a.State, ErrInvalidState)
	}
	pending := a.ExtRequestedDue != nil
	switch act {
	case ActRequestExtension:
		if pending {
			return fmt.Errorf("extension already pending: %w", ErrInvalidState)
		}
	case ActApproveExtension, ActRefuseExtension:
		if !pending {
			return fmt.Errorf("no extension pending: %w", ErrInvalidState)
		}
	case ActToTask:
		if a.TaskID != 0 {
			return fmt.Errorf("already a task: %w", ErrInvalidState)
		}
	}
	return nil
}

// Allowed lists the actions p may take on a now (the appeal page's buttons).
func Allowed(p *auth.Principal, a *Appeal) []Action {
	var out []Action
	for _, act := range Actions {
		if check(p, a, act) == nil {
			out = append(out, act)
		}
	}
	return out
}
