package calfeed_test

import (
	"net/http"
	"testing"

	"tongchou/internal/auth/authtest"
)

// BenchmarkFeed is one calendar client's poll of the feed on the demo
// district: the office's feed (every task's deadline and every meeting) and
// a liaison's (its tasks' deadlines and the report due dates they compute).
func BenchmarkFeed(b *testing.B) {
	env := authtest.New(b)
	for _, user := range []string{"ducha", "jiaoyu"} {
		c := env.Client("10.8.0.1")
		c.MustLogin(user)
		path := feedURL.FindStringSubmatch(c.Post("/account/calendar/rotate", nil).Body)[1]
		b.Run(user, func(b *testing.B) {
			for b.Loop() {
				if r := env.Client("10.8.0.2").Get(path); r.Code != http.StatusOK {
					b.Fatalf("feed = %d", r.Code)
				}
			}
		})
	}
}
