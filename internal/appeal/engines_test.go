package appeal_test

import (
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// The store tests share one fixture per engine and group (a fresh
// PostgreSQL database is the slow part of a test); each subtest starts at
// the fixture's clock and uses its own appeals.
func eachShared(t *testing.T, cases []struct {
	name string
	fn   func(*testing.T, *fixture)
}) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		start := f.clock
		for _, c := range cases {
			f.clock = start
			t.Run(c.name, func(t *testing.T) { c.fn(t, f) })
		}
	})
}

type storeCase = struct {
	name string
	fn   func(*testing.T, *fixture)
}

func TestIntakeStore(t *testing.T) {
	eachShared(t, []storeCase{
		{"RefusesBadInput", testSubmitRefusesBadInput},
		{"StoresSealedContact", testSubmitStoresSealedContact},
		{"Idempotent", testSubmitIdempotent},
		{"TrackShowsNoPersonalData", testTrackShowsNoPersonalData},
	})
}

func TestHandlingStore(t *testing.T) {
	eachShared(t, []storeCase{
		{"UnsatisfiedReopensOnce", testUnsatisfiedReopensOnce},
		{"AcceptedBackDoesNotCountAgainstUnit", testAcceptedBackDoesNotCountAgainstUnit},
		{"ExtensionOnlyBeforeLimit", testExtensionOnlyBeforeLimit},
		{"ExtensionNeedsPendingRequest", testExtensionNeedsPendingRequest},
		{"ScopeAndReveal", testScopeAndReveal},
		{"ToTask", testToTask},
		{"AutoDispatchRule", testAutoDispatchRule}, // last: it adds rules (and removes them)
	})
}

func TestWorkflowStore(t *testing.T) {
	eachShared(t, []storeCase{
		{"EveryTransitionByEveryRole", testEveryTransitionByEveryRole},
		// After it: the transitions' appeals fall due in May, after the escalation's dates.
		{"EscalateOncePerRung", testEscalateOncePerRung},
	})
}

func TestLimitsStore(t *testing.T) {
	eachShared(t, []storeCase{
		{"DueAcrossSpringFestival2026", testDueAcrossSpringFestival2026},
		{"ConfiguredLimitOverridesDefault", testConfiguredLimitOverridesDefault},
	})
}
