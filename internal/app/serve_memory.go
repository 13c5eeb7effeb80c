package app

import "runtime/debug"

// DefaultMemoryLimit is the Go heap's soft limit serve sets when GOMEMLIMIT
// is not in the environment. Without it the heap grows to twice the live
// data before each collection and the runtime hands freed memory back to the
// system only slowly, so one argon2id sign-in (64 MiB) or a burst of list
// requests left the server at 160–180 MB of RSS; with it, about 90–100 MB
// under the issue 3 load (docs/benchmarks.md §3). It is a soft limit: the
// heap may pass it when the live data needs more, at the price of more
// frequent collections. GOMEMLIMIT (e.g. GOMEMLIMIT=256MiB) overrides it.
const DefaultMemoryLimit = 64 << 20

// setMemoryLimit applies DefaultMemoryLimit unless GOMEMLIMIT is set (which
// the runtime has then already applied).
func setMemoryLimit(getenv func(string) string) {
	if getenv == nil || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(DefaultMemoryLimit)
}
