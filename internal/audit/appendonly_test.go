package audit_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoCodeRewritesTheLog guards the rule that the application never updates
// or deletes audit rows: no non-test Go file under internal/ or cmd/ holds
// such a statement.
func TestNoCodeRewritesTheLog(t *testing.T) {
	rewrite := regexp.MustCompile(`(?i)\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?)\s+(audit_log|login_log)\b`)
	checked := 0
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				strings.Contains(path, "storetest") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			checked++
			if m := rewrite.Find(b); m != nil {
				t.Errorf("%s rewrites the audit trail: %q", path, m)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files: wrong root?", checked)
	}
}
