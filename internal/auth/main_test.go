package auth

import (
	"os"
	"testing"
)

// TestMain makes password hashing cheap: every test login would otherwise
// spend a full-cost argon2id hash on a two-core machine.
func TestMain(m *testing.M) {
	SetHashCost(TestHashCost)
	os.Exit(m.Run())
}
