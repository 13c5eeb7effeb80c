package portal

import (
	"crypto/sha256"
	"net/http"
	"time"

	"tongchou/internal/abuse"
	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Deps are the services the portal uses.
type Deps struct {
	DB      *store.DB
	UI      *ui.UI
	Audit   *audit.Log
	Suite   crypt.Suite
	Appeals *appeal.Store
	Files   *files.Store
	Tasks   *task.Store
	Guard   *abuse.Guard
	Now     func() time.Time
	// HTTP sends SMS through the configured gateway (http.DefaultClient
	// with a timeout when nil).
	HTTP *http.Client
}

// Portal serves the public pages, the office's publishing page, the system
// admin's portal settings and Open311.
type Portal struct {
	Deps
	Challenge *abuse.Challenger
	// Per-IP allowances. Submissions: a burst of 5, then one a minute.
	// Tracking lookups: 30, then one every two seconds (codes are 50 random
	// bits; this only keeps scanners slow). Recovery: 3, then one every ten
	// minutes. Open311: 60, then one a second, per client address.
	SubmitLimit, TrackLimit, RecoverLimit, APILimit *abuse.Limiter
	// PhoneLimit is keyed by a phone number's hash: two recovery messages,
	// then one an hour.
	PhoneLimit *abuse.Limiter
}

// Body limits: a form without photos, and one with up to appeal.MaxPhotos
// photos of PhotoMax each.
const (
	FormMax   = 64 << 10
	PhotoMax  = appeal.MaxPhotoBytes
	UploadMax = appeal.MaxPhotos*PhotoMax + FormMax
)

// New returns the portal. The challenge key is derived from the configured
// keys, so tokens survive a restart and differ between installations.
func New(d Deps) *Portal {
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	key := sha256.Sum256([]byte(d.Suite.MAC([]byte("tongchou portal challenge key"))))
	return &Portal{
		Deps:         d,
		Challenge:    abuse.NewChallenger(key[:], d.Now),
		SubmitLimit:  abuse.NewLimiter(1.0/60, 5, 0, d.Now),
		TrackLimit:   abuse.NewLimiter(0.5, 30, 0, d.Now),
		RecoverLimit: abuse.NewLimiter(1.0/600, 3, 0, d.Now),
		APILimit:     abuse.NewLimiter(1, 60, 0, d.Now),
		PhoneLimit:   abuse.NewLimiter(1.0/3600, 2, 0, d.Now),
	}
}

// TooMany is the 429 page: a clear Chinese (or English) sentence, no retry loop.
func (p *Portal) TooMany(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Retry-After", "60")
	return p.UI.Render(w, r, http.StatusTooManyRequests, "portal_toomany", nil)
}

// Limited wraps h so that a client over l's allowance gets the 429 page.
func (p *Portal) Limited(l *abuse.Limiter, h ui.HandlerFunc) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !p.Guard.Allowed(l, r) {
			return p.TooMany(w, r)
		}
		return h(w, r)
	}
}

// today is the civil date in Shanghai.
func (p *Portal) today() string { return p.Now().In(ui.Shanghai).Format("2006-01-02") }
