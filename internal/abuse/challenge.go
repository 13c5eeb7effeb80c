package abuse

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors Verify returns; none says which part failed beyond what a user can fix.
var (
	ErrChallengeMissing = errors.New("challenge not answered")
	ErrChallengeWrong   = errors.New("challenge answer wrong")
	ErrChallengeExpired = errors.New("challenge expired or malformed")
	ErrChallengeUsed    = errors.New("challenge already used")
)

// Challenger issues and checks challenges served by Tongchou itself, with no
// outside service: a proof of work the browser solves with a small static
// script (find a counter whose SHA-256 with the token has Difficulty leading
// zero bits), and, for a browser without JavaScript, a sum of two small
// numbers to type. The token is signed, so the server keeps no state until
// a token is spent; spent tokens are remembered until they expire, bound to
// the idempotency key they were spent with, so a double click or a mobile
// retry of the same submission passes while a replay for another one fails.
type Challenger struct {
	key        []byte
	Difficulty int           // leading zero bits of the proof of work
	TTL        time.Duration // how long a token may be used
	now        func() time.Time

	mu      sync.Mutex
	used    map[string]spent
	maxUsed int
}

type spent struct {
	bind    string
	expires time.Time
}

// NewChallenger signs tokens with key (keep it secret: derive it from the
// configured keys). now may be nil.
func NewChallenger(key []byte, now func() time.Time) *Challenger {
	if now == nil {
		now = time.Now
	}
	return &Challenger{key: key, Difficulty: 16, TTL: 30 * time.Minute, now: now, used: map[string]spent{}, maxUsed: 100000}
}

// Challenge is what a form carries: the signed token, the work asked for and
// the fallback question (A + B).
type Challenge struct {
	Token      string
	Difficulty int
	A, B       int
}

// Issue returns a fresh challenge.
func (c *Challenger) Issue() Challenge {
	nonce := make([]byte, 12)
	rand.Read(nonce)
	a, b := small(), small()
	n := hex.EncodeToString(nonce)
	exp := c.now().Add(c.TTL).Unix()
	payload := fmt.Sprintf("v1|%d|%s|%d|%s", exp, n, c.Difficulty, c.answerMAC(n, strconv.Itoa(a+b)))
	p := base64.RawURLEncoding.EncodeToString([]byte(payload))
	return Challenge{Token: p + "." + c.sign(p), Difficulty: c.Difficulty, A: a, B: b}
}

func small() int {
	n, _ := rand.Int(rand.Reader, big.NewInt(9))
	return int(n.Int64()) + 1
}

func (c *Challenger) sign(s string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte("abuse.challenge|" + s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

func (c *Challenger) answerMAC(nonce, answer string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte("abuse.answer|" + nonce + "|" + answer))
	return hex.EncodeToString(m.Sum(nil)[:10])
}

// Verify accepts the token when its proof of work (solution) or, failing
// that, its question (answer) is right, it has not expired and it was not
// spent for another bind (the submission's idempotency key).
func (c *Challenger) Verify(token, solution, answer, bind string) error {
	p, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(c.sign(p))) {
		return ErrChallengeExpired
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return ErrChallengeExpired
	}
	f := strings.Split(string(raw), "|")
	if len(f) != 5 || f[0] != "v1" {
		return ErrChallengeExpired
	}
	exp, err1 := strconv.ParseInt(f[1], 10, 64)
	bits, err2 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil || c.now().Unix() > exp {
		return ErrChallengeExpired
	}
	solution, answer = strings.TrimSpace(solution), strings.TrimSpace(answer)
	switch {
	case solution != "" && len(solution) <= 20 && Solves(token, solution, bits):
	case answer != "" && len(answer) <= 4 && hmac.Equal([]byte(c.answerMAC(f[2], answer)), []byte(f[4])):
	case solution == "" && answer == "":
		return ErrChallengeMissing
	default:
		return ErrChallengeWrong
	}
	return c.spend(f[2], bind, time.Unix(exp, 0))
}

// spend records nonce as used for bind; a second use for another bind fails.
func (c *Challenger) spend(nonce, bind string, expires time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.used[nonce]; ok {
		if s.bind != bind || bind == "" {
			return ErrChallengeUsed
		}
		return nil
	}
	if len(c.used) >= c.maxUsed {
		now := c.now()
		for k, s := range c.used {
			if now.After(s.expires) {
				delete(c.used, k)
			}
		}
	}
	if len(c.used) >= c.maxUsed {
		return ErrChallengeUsed // full of live tokens: a flood; refuse rather than forget
	}
	c.used[nonce] = spent{bind: bind, expires: expires}
	return nil
}

// Solves reports whether SHA-256(token ":" solution) starts with bits zero bits.
func Solves(token, solution string, bits int) bool {
	sum := sha256.Sum256([]byte(token + ":" + solution))
	for i := 0; i < bits; i++ {
		if sum[i/8]&(0x80>>(i%8)) != 0 {
			return false
		}
	}
	return true
}

// Solve finds a solution by brute force (tests, and Go clients of the API).
func Solve(token string, bits int) string {
	for n := 0; ; n++ {
		s := strconv.Itoa(n)
		if Solves(token, s, bits) {
			return s
		}
	}
}
