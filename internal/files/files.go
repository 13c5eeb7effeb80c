// Package files keeps uploaded files (attachments) content-addressed on disk:
// a blob is stored once under its SHA-256 at ab/cd/abcd…, whoever uploads it
// and however often, and a row in the files table records each upload with
// its original name and uploader.
//
// Only an allow-list of office types is accepted, detected from the content,
// never trusted from the name or the browser: PDF, DOCX, XLSX, legacy DOC and
// XLS (OLE2 compound files), PNG, JPEG and plain text. The name's extension
// must agree with the content. HTML, SVG, executables, scripts and bare ZIP
// archives are refused: a ZIP could carry anything past the check, and HTML
// or SVG would run script if ever shown inline. Files are always served as
// downloads (Content-Disposition: attachment, nosniff).
//
// Not done here: EXIF and other metadata inside JPEG and PNG files (GPS
// position, camera owner) are kept as uploaded; stripping them belongs with
// the citizens' appeals, where photos come from the public. Legacy DOC and
// XLS files may carry macros; they are accepted because government units
// still exchange them, and they are only ever downloaded, never opened here.
package files

import (
	"errors"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// DefaultLimit is the largest upload accepted unless configured otherwise.
const DefaultLimit int64 = 20 << 20

// Errors Put returns for a refused upload; nothing is stored for any of them.
var (
	ErrTooLarge = errors.New("file too large")
	ErrEmpty    = errors.New("file empty")
	ErrType     = errors.New("file type not allowed")
	ErrMismatch = errors.New("file extension does not match its content")
)

// Blob is a stored content: its address, size and detected type, and the
// cleaned name it was uploaded under.
type Blob struct {
	SHA256      string
	Size        int64
	ContentType string
	Name        string
}

// File is one upload as the files table records it.
type File struct {
	ID           int64
	SHA256       string
	Size         int64
	ContentType  string
	OriginalName string
	UploadedBy   int64
	UploadedAt   time.Time
}

// Store is the blob folder and the files table.
type Store struct {
	dir   string
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
	// Limit is the largest upload in bytes (DefaultLimit unless configured).
	Limit int64
}

// New returns a Store keeping blobs under dir (created when missing on the
// first upload).
func New(dir string, db *store.DB, log *audit.Log, now func() time.Time) *Store {
	return &Store{dir: dir, db: db, audit: log, now: now, Limit: DefaultLimit}
}

// Dir is the folder the blobs are kept in.
func (s *Store) Dir() string { return s.dir }
