package abuse

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestClientIP(t *testing.T) {
	trusted, err := ParsePrefixes("10.0.0.1, 10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer, xff, want string
	}{
		{"UntrustedPeerIgnoresHeader", "203.0.113.5:1234", "1.2.3.4", "203.0.113.5"},
		{"TrustedPeerGivesClient", "10.0.0.1:80", "198.51.100.7", "198.51.100.7"},
		{"SpoofedLeftPartIgnored", "10.0.0.1:80", "6.6.6.6, 198.51.100.7", "198.51.100.7"},
		{"ChainOfTrustedProxies", "10.0.0.1:80", "198.51.100.7, 10.1.2.3", "198.51.100.7"},
		{"MalformedHopFallsBackToPeer", "10.0.0.1:80", "garbage", "10.0.0.1"},
		{"TrustedPeerWithoutHeader", "10.0.0.1:80", "", "10.0.0.1"},
		{"IPv6Peer", "[2001:db8::1]:80", "", "2001:db8::1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := ClientIP(r, trusted).String(); got != tc.want {
				t.Fatalf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParsePrefixes(t *testing.T) {
	for _, tc := range []struct {
		in    string
		ok    bool
		count int
	}{
		{"", true, 0},
		{"127.0.0.1", true, 1},
		{"127.0.0.1,::1 10.0.0.0/8", true, 3},
		{"not-an-ip", false, 0},
		{"10.0.0.0/99", false, 0},
	} {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			ps, err := ParsePrefixes(tc.in)
			if (err == nil) != tc.ok || len(ps) != tc.count {
				t.Fatalf("ParsePrefixes(%q) = %v, %v; want ok=%v count=%d", tc.in, ps, err, tc.ok, tc.count)
			}
		})
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(1, 3, 4, func() time.Time { return now })
	t.Run("BurstThenRefused", func(t *testing.T) {
		for i := range 3 {
			if !l.Allow("a") {
				t.Fatalf("request %d refused within burst", i+1)
			}
		}
		if l.Allow("a") {
			t.Fatal("fourth request allowed")
		}
	})
	t.Run("OtherKeyUnaffected", func(t *testing.T) {
		if !l.Allow("b") {
			t.Fatal("another client refused")
		}
	})
	t.Run("RefillsOverTime", func(t *testing.T) {
		now = now.Add(2 * time.Second)
		if !l.Allow("a") || !l.Allow("a") || l.Allow("a") {
			t.Fatal("want two requests after two seconds, then a refusal")
		}
	})
	t.Run("MemoryBounded", func(t *testing.T) {
		for i := range 100 {
			l.Allow("k" + strconv.Itoa(i))
		}
		if n := l.Len(); n > 4 {
			t.Fatalf("limiter holds %d buckets, bound is 4", n)
		}
	})
}

func TestGuard(t *testing.T) {
	allow, _ := ParsePrefixes("127.0.0.1")
	g := &Guard{Allow: allow}
	l := NewLimiter(0, 1, 0, nil)
	h := g.Limit(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) }),
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	for _, tc := range []struct {
		name, peer string
		want       []int
	}{
		{"AllowListedNeverLimited", "127.0.0.1:5", []int{200, 200, 200}},
		{"OthersLimited", "192.0.2.1:5", []int{200, 429, 429}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, want := range tc.want {
				r := httptest.NewRequest("POST", "/", nil)
				r.RemoteAddr = tc.peer
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != want {
					t.Fatalf("request %d: status %d, want %d", i+1, w.Code, want)
				}
			}
		})
	}
}

func TestChallenge(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := NewChallenger([]byte("k"), func() time.Time { return now })
	c.Difficulty = 8
	other := NewChallenger([]byte("other key"), func() time.Time { return now })
	fresh := func() Challenge { return c.Issue() }
	for _, tc := range []struct {
		name string
		run  func() error
		want error
	}{
		{"ProofOfWorkAccepted", func() error { ch := fresh(); return c.Verify(ch.Token, Solve(ch.Token, 8), "", "k1") }, nil},
		{"QuestionAccepted", func() error { ch := fresh(); return c.Verify(ch.Token, "", strconv.Itoa(ch.A+ch.B), "k2") }, nil},
		{"NothingAnsweredRefused", func() error { return c.Verify(fresh().Token, "", "", "k3") }, ErrChallengeMissing},
		{"WrongAnswerRefused", func() error { ch := fresh(); return c.Verify(ch.Token, "", strconv.Itoa(ch.A+ch.B+1), "k4") }, ErrChallengeWrong},
		{"WrongWorkRefused", func() error { ch := fresh(); return c.Verify(ch.Token, unsolved(ch.Token, 8), "", "k5") }, ErrChallengeWrong},
		{"ForgedTokenRefused", func() error { ch := other.Issue(); return c.Verify(ch.Token, "", strconv.Itoa(ch.A+ch.B), "k6") }, ErrChallengeExpired},
		{"GarbageTokenRefused", func() error { return c.Verify("<script>", "1", "", "k7") }, ErrChallengeExpired},
		{"ExpiredRefused", func() error {
			ch := fresh()
			now = now.Add(31 * time.Minute)
			defer func() { now = now.Add(-31 * time.Minute) }()
			return c.Verify(ch.Token, "", strconv.Itoa(ch.A+ch.B), "k8")
		}, ErrChallengeExpired},
		{"SameKeyRetryAccepted", func() error {
			ch := fresh()
			s := Solve(ch.Token, 8)
			if err := c.Verify(ch.Token, s, "", "k9"); err != nil {
				return err
			}
			return c.Verify(ch.Token, s, "", "k9")
		}, nil},
		{"ReplayForOtherSubmissionRefused", func() error {
			ch := fresh()
			s := Solve(ch.Token, 8)
			if err := c.Verify(ch.Token, s, "", "k10"); err != nil {
				return err
			}
			return c.Verify(ch.Token, s, "", "k11")
		}, ErrChallengeUsed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.run(); got != tc.want {
				t.Fatalf("Verify = %v, want %v", got, tc.want)
			}
		})
	}
}

// unsolved finds a counter that does not solve token.
func unsolved(token string, bits int) string {
	for n := 0; ; n++ {
		if !Solves(token, strconv.Itoa(n), bits) {
			return strconv.Itoa(n)
		}
	}
}

func TestIdempotencyKey(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{NewKey(), true},
		{"short", false},
		{"<script>alert(1)</script>xxxxxxx", false},
		{string(make([]byte, 65)), false},
	} {
		t.Run(fmt.Sprintf("%q", tc.key), func(t *testing.T) {
			if got := ValidKey(tc.key); got != tc.want {
				t.Fatalf("ValidKey = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(0, 100, 50, nil)
	c := NewChallenger([]byte("k"), nil)
	c.Difficulty = 1
	allowed := make(chan bool, 400)
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 100 {
				allowed <- l.Allow("same")
				l.Allow("k" + strconv.Itoa(g*1000+i))
				ch := c.Issue()
				c.Verify(ch.Token, Solve(ch.Token, 1), "", "b")
			}
		}()
	}
	for range 4 {
		<-done
	}
	close(allowed)
	n := 0
	for ok := range allowed {
		if ok {
			n++
		}
	}
	if n > 100 {
		t.Fatalf("%d requests allowed from one key, burst is 100", n)
	}
}
