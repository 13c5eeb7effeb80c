package api_test

import (
	"os"
	"testing"

	"tongchou/internal/auth"
)

// TestMain makes password hashing cheap: every test login would otherwise
// spend a full-cost argon2id hash on a two-core machine.
func TestMain(m *testing.M) {
	auth.SetHashCost(auth.TestHashCost)
	os.Exit(m.Run())
}
