package notify_test

import (
	"os"
	"testing"

	"tongchou/internal/auth"
)

// TestMain makes password hashing cheap for the logins of the page tests.
func TestMain(m *testing.M) {
	auth.SetHashCost(auth.TestHashCost)
	os.Exit(m.Run())
}
