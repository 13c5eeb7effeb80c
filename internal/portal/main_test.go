package portal_test

import (
	"os"
	"testing"

	"tongchou/internal/auth"
)

func TestMain(m *testing.M) {
	auth.SetHashCost(auth.TestHashCost)
	os.Exit(m.Run())
}
