package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tongchou/internal/crypt"
)

// Result is the outcome of walking the chain.
type Result struct {
	Entries  int
	Head     string // hash of the last entry: record it elsewhere to catch a deleted tail
	LastID   int64
	BrokenID int64  // 0 when the chain is whole
	Kind     string // what broke: one of the Break… constants
	Reason   string // the same in words, for logs and the command line
}

// What Verify found broken (Result.Kind).
const (
	BreakMissing = "missing" // an entry was deleted
	BreakLink    = "link"    // an entry does not point at the one before
	BreakContent = "content" // an entry's hash does not match its content (edited, or hashed with another key)
	BreakHead    = "head"    // the head row names another entry than the chain ends with (a cut tail)
)

// OK reports whether the chain verified.
func (r Result) OK() bool { return r.BrokenID == 0 && r.Reason == "" }

// rowColumns are the columns scanRow reads, in its order.
const rowColumns = `id, at, actor_id, actor, ip, entity, entity_id, action, before_value, after_value, prev_hash, hash`

type scanner interface{ Scan(dest ...any) error }

func scanRow(s scanner) (Row, error) {
	var r Row
	err := s.Scan(&r.ID, &r.At, &r.ActorID, &r.Actor, &r.IP, &r.Entity, &r.EntityID, &r.Action,
		&r.Before, &r.After, &r.PrevHash, &r.Hash)
	return r, err
}

// Verify walks the whole chain in id order and names the first broken entry.
// The head row is read first, so entries appended while the walk runs do not
// look like a mismatch. A chain whose tail was cut and whose head row was
// fixed to match still verifies: compare the head with one recorded earlier
// (CheckRecorded).
func (l *Log) Verify(ctx context.Context) (Result, error) {
	headID, headHash, err := l.Head(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("read audit head: %w", err)
	}
	rows, err := l.db.Query(ctx, `SELECT `+rowColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return Result{}, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var res Result
	prev, wantID, atHead := "", int64(1), ""
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return res, fmt.Errorf("scan audit entry: %w", err)
		}
		switch {
		case r.ID != wantID:
			return res.broken(wantID, BreakMissing, fmt.Sprintf("entry %d is missing (next is %d)", wantID, r.ID)), nil
		case r.PrevHash != prev:
			return res.broken(r.ID, BreakLink, "previous-hash link does not match the entry before"), nil
		case !crypt.Equal(l.suite.MAC(r.canonical()), r.Hash):
			return res.broken(r.ID, BreakContent, "hash does not match the entry's content"), nil
		}
		if r.ID == headID {
			atHead = r.Hash
		}
		prev, wantID = r.Hash, r.ID+1
		res.Entries++
		res.Head, res.LastID = r.Hash, r.ID
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("read audit log: %w", err)
	}
	switch {
	case res.LastID < headID:
		return res.broken(res.LastID+1, BreakHead, fmt.Sprintf("chain ends at entry %d but the head names entry %d", res.LastID, headID)), nil
	case headID > 0 && atHead != headHash:
		return res.broken(headID, BreakHead, fmt.Sprintf("entry %d does not match the head record", headID)), nil
	}
	return res, nil
}

func (r Result) broken(id int64, kind, reason string) Result {
	r.BrokenID, r.Kind, r.Reason = id, kind, reason
	return r
}

// Head returns the current chain head without walking the chain.
func (l *Log) Head(ctx context.Context) (id int64, hash string, err error) {
	err = l.db.QueryRow(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`).Scan(&id, &hash)
	return id, hash, err
}

// Head is a chain head written down outside the database (on paper, in
// another system) to be compared later.
type Head struct {
	ID   int64
	Hash string
}

// String formats h as ID:HASH, the form ParseHead and "audit verify --head" read.
func (h Head) String() string { return strconv.FormatInt(h.ID, 10) + ":" + h.Hash }

// ParseHead reads a head written as ID:HASH.
func ParseHead(s string) (Head, error) {
	id, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n < 0 || hash == "" || len(hash) > 256 {
		return Head{}, errors.New("recorded head must be written as ENTRY:HASH, e.g. 42:9f86d0…")
	}
	return Head{ID: n, Hash: strings.ToLower(hash)}, nil
}

// CheckRecorded checks that the entry a recorded head names is still in the
// log with the same hash. The chain only grows, so a head recorded earlier must
// stay in it; a cut tail (even with audit_head fixed to match) fails here.
func (l *Log) CheckRecorded(ctx context.Context, h Head) error {
	if h.ID == 0 {
		return nil
	}
	var hash string
	err := l.db.QueryRow(ctx, `SELECT hash FROM audit_log WHERE id = ?`, h.ID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("recorded head entry %d is missing: entries were deleted from the end of the chain", h.ID)
	}
	if err != nil {
		return fmt.Errorf("read audit entry %d: %w", h.ID, err)
	}
	if hash != h.Hash {
		return fmt.Errorf("entry %d has hash %s, not the recorded %s: the chain was rewritten", h.ID, hash, h.Hash)
	}
	return nil
}
