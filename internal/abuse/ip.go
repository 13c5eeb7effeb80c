package abuse

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Prefixes is a list of addresses and networks ("127.0.0.1", "10.0.0.0/8",
// "::1"). The zero value contains nothing.
type Prefixes []netip.Prefix

// ParsePrefixes reads a comma- or space-separated list of addresses and CIDR
// prefixes. An empty string is an empty list.
func ParsePrefixes(s string) (Prefixes, error) {
	var out Prefixes
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("address list: %q: %w", f, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("address list: %q: %w", f, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Contains reports whether a is in one of the prefixes.
func (ps Prefixes) Contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// String lists the prefixes as ParsePrefixes reads them.
func (ps Prefixes) String() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// ClientIP is the address of the client: the connection's peer, or, when the
// peer is a trusted proxy, the right-most address of X-Forwarded-For that is
// not itself a trusted proxy (the left part of the header is whatever the
// client wrote, so it is never believed). An unparsable peer is the zero
// Addr, which matches no allow-list and shares one rate-limit bucket.
func ClientIP(r *http.Request, trusted Prefixes) netip.Addr {
	peer := parseHost(r.RemoteAddr)
	if !peer.IsValid() || !trusted.Contains(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer // a malformed hop: stop believing the chain
		}
		a = a.Unmap()
		if !trusted.Contains(a) {
			return a
		}
	}
	return peer
}

func parseHost(hostport string) netip.Addr {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}
