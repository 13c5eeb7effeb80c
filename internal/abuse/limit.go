package abuse

import (
	"container/list"
	"net/netip"
	"sync"
	"time"
)

// Limiter is a token bucket per key (a client address): each key may spend
// Burst requests at once and regains Rate per second. At most MaxKeys
// buckets are kept, in least-recently-used order: when the table is full the
// key seen longest ago is forgotten. A client that keeps sending stays at
// the front with its empty bucket, so a flood from many other addresses
// cannot reset it, and memory never grows past MaxKeys.
type Limiter struct {
	rate    float64
	burst   float64
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*list.Element // of *bucket
	lru     *list.List               // front: most recently seen
}

type bucket struct {
	key    string
	tokens float64
	at     time.Time
}

// NewLimiter allows burst requests at once per key and rate more per
// second; maxKeys bounds memory (10,000 when <= 0). now may be nil.
func NewLimiter(rate float64, burst, maxKeys int, now func() time.Time) *Limiter {
	if maxKeys <= 0 {
		maxKeys = 10000
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{rate: rate, burst: float64(burst), maxKeys: maxKeys, now: now,
		buckets: map[string]*list.Element{}, lru: list.New()}
}

// Allow spends one token of key's bucket, reporting false when it is empty.
func (l *Limiter) Allow(key string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	var b *bucket
	if e, ok := l.buckets[key]; ok {
		l.lru.MoveToFront(e)
		b = e.Value.(*bucket)
	} else {
		if l.lru.Len() >= l.maxKeys {
			old := l.lru.Back()
			l.lru.Remove(old)
			delete(l.buckets, old.Value.(*bucket).key)
		}
		b = &bucket{key: key, tokens: l.burst, at: now}
		l.buckets[key] = l.lru.PushFront(b)
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// AllowAddr is Allow keyed by an address; IPv6 clients are keyed by their
// /64, since one subscriber usually holds a whole /64.
func (l *Limiter) AllowAddr(a netip.Addr) bool {
	if a.Is6() && !a.Is4In6() {
		p, _ := a.Prefix(64)
		return l.Allow(p.String())
	}
	return l.Allow(a.String())
}

// Len is the number of buckets held (for tests and metrics).
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
