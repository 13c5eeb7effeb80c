package meeting_test

import (
	"os"
	"testing"

	"tongchou/internal/auth"
)

// TestMain makes password hashing cheap for the page tests' logins.
func TestMain(m *testing.M) {
	auth.SetHashCost(auth.TestHashCost)
	os.Exit(m.Run())
}
