// Package meeting holds meetings (调度会, 座谈会, 专题协调会, 推进会): statements, attendance, minutes and decisions that become tasks.
//
// For other parts (the briefing, the calendar feed) the package offers, without
// scope checks, on any store.Querier:
//
//	LastMeeting(ctx, q, campaign, kind, before) (Meeting, error) // latest meeting of kind held before; store.ErrNotFound if none
//	Decisions(ctx, q, meeting) ([]Decision, error)               // its decisions with the linked task's state and deadline
//	Attendees(ctx, q, meeting) ([]Attendee, error)
//	Opinions(ctx, q, meeting) ([]Opinion, error)                 // symposium opinions with their task or appeal outcome
//
// Everything else goes through Store, which checks role and scope: the office
// and leaders see every meeting, unit users the meetings one of their units
// attends; only the office changes a meeting; liaisons and unit heads hand in
// their unit's statement.
package meeting

import "embed"

// Bundle holds the package's templates and messages for ui.New.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS
