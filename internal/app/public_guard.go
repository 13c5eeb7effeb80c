package app

import (
	"log/slog"

	"tongchou/internal/abuse"
)

// publicGuard is the abuse guard of the public pages (portal and surveys):
// the allow-list exempt from limits and challenges, and the proxies whose
// X-Forwarded-For is believed, from the configuration.
func (a *App) publicGuard() *abuse.Guard {
	allow, err := abuse.ParsePrefixes(a.Config.PublicAllow)
	if err != nil { // validated at start-up; a Config built in code may skip that
		slog.Error("public allow-list ignored", "err", err)
	}
	trusted, err := abuse.ParsePrefixes(a.Config.TrustedProxies)
	if err != nil {
		slog.Error("trusted proxies ignored", "err", err)
	}
	return &abuse.Guard{Allow: allow, Trusted: trusted}
}
