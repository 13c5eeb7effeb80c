package portal_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// BenchmarkAppealIntake is POST /public/appeal/submit through the whole
// app (SQLite, synchronous OFF as in every in-process test: the durable
// figure is bench/appeal.sh's), from an allow-listed address, in parallel.
func BenchmarkAppealIntake(b *testing.B) {
	env := newAllowEnvB(b, "192.0.2.1")
	c := env.Client("192.0.2.1")
	f := appealFormB(b, c)
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			v := url.Values{}
			for k, vs := range f.Values {
				v[k] = vs
			}
			v.Set("key", "benchkey-"+strconv.FormatInt(n.Add(1), 10)+"-xxxxxxxx")
			req := httptest.NewRequest(http.MethodPost, "/public/appeal/submit", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = "192.0.2.1:4000"
			rec := httptest.NewRecorder()
			env.App.Handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusSeeOther {
				b.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
			}
		}
	})
}
