package bulletin

import (
	"net/url"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/files"
	"tongchou/internal/store"
)

// Store publishes notices, keeps their receipts and the document library.
// Every change is audited in its transaction; reads are scoped.
type Store struct {
	db    *store.DB
	audit *audit.Log
	files *files.Store
	now   func() time.Time
}

// New returns a Store keeping uploaded files in fs.
func New(db *store.DB, log *audit.Log, fs *files.Store, now func() time.Time) *Store {
	return &Store{db: db, audit: log, files: fs, now: now}
}

// Bulletin is a notice (通知公告) with, when loaded whole, its receipts and
// attachments.
type Bulletin struct {
	ID           int64
	CampaignID   int64
	CampaignName string
	SenderUnitID int64
	SenderUnit   string
	SenderName   string
	Title        string
	Body         string
	ToAll        bool
	PublishedAt  time.Time
	Confirmed    int // receipts given
	Total        int // recipient units
	Unconfirmed  bool
	Receipts     []Receipt
	Attachments  []Attachment
}

// Receipt is one recipient unit's read confirmation (已读回执).
type Receipt struct {
	UnitID      int64
	UnitName    string
	ConfirmedBy string
	ConfirmedAt *time.Time
	Reminders   int
	RemindedAt  *time.Time
}

// Done reports whether the unit has confirmed.
func (r Receipt) Done() bool { return r.ConfirmedAt != nil }

// Attachment is a file sent with a notice.
type Attachment struct {
	BulletinID int64
	FileID     int64
	Name       string
	Size       int64
}

// Href is the download address (the name is only for the browser).
func (a Attachment) Href() string {
	return "/bulletins/" + itoa(a.BulletinID) + "/files/" + itoa(a.FileID) + "/" + url.PathEscape(a.Name)
}

// SizeKB is the size in kilobytes, rounded up.
func (a Attachment) SizeKB() int64 { return (a.Size + 1023) / 1024 }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
