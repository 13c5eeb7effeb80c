// Command ceiling is the bare net/http handler that the load scenarios in
// docs/benchmarks.md measure beside tongchou in the same run: it answers
// every request with 200 "ok" (and reads and drops any body), so its figure
// is what this machine, the load tool and the loopback allow at most.
//
// Usage: go run ./bench/ceiling -addr 127.0.0.1:18090
package main

import (
	"flag"
	"io"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18090", "listen address")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})))
}
