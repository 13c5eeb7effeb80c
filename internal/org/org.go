// Package org keeps the organisation: regions with their division history
// (parents and codes with validity dates, transfers), units and user accounts,
// with the system administrator's pages and the Excel import.
package org

import (
	"embed"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Bundle holds the org templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// Store reads and changes regions, units and users. Every change is audited
// in the same transaction.
type Store struct {
	db    *store.DB
	audit *audit.Log
	suite crypt.Suite
	now   func() time.Time
}

// New returns a Store; suite encrypts phone numbers.
func New(db *store.DB, log *audit.Log, suite crypt.Suite, now func() time.Time) *Store {
	return &Store{db: db, audit: log, suite: suite, now: now}
}

// DB is the database the store works on (the demo loader shares its transactions).
func (s *Store) DB() *store.DB { return s.db }

// shanghai is the zone dates are counted in.
var shanghai = ui.Shanghai
