package abuse

import (
	"net/http"
	"net/netip"
)

// Guard holds the configuration the public endpoints share: the allow-list
// (exempt from limits and challenges) and the trusted proxies.
type Guard struct {
	Allow   Prefixes // exempt from rate limits and challenges; empty by default
	Trusted Prefixes // proxies whose X-Forwarded-For is believed
}

// Client is the request's client address (see ClientIP).
func (g *Guard) Client(r *http.Request) netip.Addr { return ClientIP(r, g.Trusted) }

// Exempt reports whether the request's client is on the allow-list.
func (g *Guard) Exempt(r *http.Request) bool {
	a := g.Client(r)
	return a.IsValid() && g.Allow.Contains(a)
}

// Allowed spends one token of l for the request's client, and is always true
// for an allow-listed client.
func (g *Guard) Allowed(l *Limiter, r *http.Request) bool {
	a := g.Client(r)
	if a.IsValid() && g.Allow.Contains(a) {
		return true
	}
	return l.AllowAddr(a)
}

// Limit wraps next so that a client over l's allowance gets tooMany instead.
func (g *Guard) Limit(l *Limiter, tooMany, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.Allowed(l, r) {
			w.Header().Set("Retry-After", "60")
			tooMany.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
