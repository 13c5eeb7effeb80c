package audit

import (
	"context"
	"fmt"
)

// Result is the outcome of walking the chain.
type Result struct {
	Entries  int
	Head     string // hash of the last entry: record it elsewhere to catch a deleted tail
	LastID   int64
	BrokenID int64 // 0 when the chain is whole
	Reason   string
}

// OK reports whether the chain verified.
func (r Result) OK() bool { return r.BrokenID == 0 && r.Reason == "" }

// Verify walks the whole chain in id order and names the first broken entry.
func (l *Log) Verify(ctx context.Context) (Result, error) {
	rows, err := l.db.Query(ctx, `SELECT id, at, actor_id, actor, ip, entity, entity_id, action,
		before_value, after_value, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return Result{}, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var res Result
	prev, wantID := "", int64(1)
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.ID, &r.At, &r.ActorID, &r.Actor, &r.IP, &r.Entity, &r.EntityID, &r.Action,
			&r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
			return res, fmt.Errorf("scan audit entry: %w", err)
		}
		switch {
		case r.ID != wantID:
			return res.broken(wantID, fmt.Sprintf("entry %d is missing (next is %d)", wantID, r.ID)), nil
		case r.PrevHash != prev:
			return res.broken(r.ID, "previous-hash link does not match the entry before"), nil
		case l.suite.MAC(r.canonical()) != r.Hash:
			return res.broken(r.ID, "hash does not match the entry's content"), nil
		}
		prev, wantID = r.Hash, r.ID+1
		res.Entries++
		res.Head, res.LastID = r.Hash, r.ID
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("read audit log: %w", err)
	}
	var headID int64
	var headHash string
	if err := l.db.QueryRow(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		return res, fmt.Errorf("read audit head: %w", err)
	}
	if headID != res.LastID || headHash != res.Head {
		return res.broken(res.LastID+1, fmt.Sprintf("chain ends at entry %d but the head names entry %d", res.LastID, headID)), nil
	}
	return res, nil
}

func (r Result) broken(id int64, reason string) Result {
	r.BrokenID, r.Reason = id, reason
	return r
}

// Head returns the current chain head without walking the chain.
func (l *Log) Head(ctx context.Context) (id int64, hash string, err error) {
	err = l.db.QueryRow(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`).Scan(&id, &hash)
	return id, hash, err
}
