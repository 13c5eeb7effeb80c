package appeal

import (
	"context"

	"tongchou/internal/store"
)

// Public intake commits in groups: concurrent Submit calls queue their
// checked appeals, and whichever caller holds the commit lock writes every
// queued appeal in one transaction, so SQLite's one writer takes its lock
// and syncs its log once for the group instead of once per appeal. Every
// caller still returns only after its own appeal is committed (durable
// before the reply). When the group transaction fails (a duplicate
// idempotency key, say), each appeal of the group is retried on its own so
// one bad appeal fails alone.

// maxBatch bounds a group.
const maxBatch = 256

type pendingAppeal struct {
	w    prepared
	done chan batchResult
}

type batchResult struct {
	code string
	err  error
}

// submitGrouped prepares c (sealing, limit) outside the lock, queues it and
// waits until a group containing it committed.
func (s *Store) submitGrouped(ctx context.Context, c checked) (string, error) {
	w, err := s.prepare(ctx, s.db, nil, c)
	if err != nil {
		return "", err
	}
	p := &pendingAppeal{w: w, done: make(chan batchResult, 1)}
	s.queueMu.Lock()
	s.queue = append(s.queue, p)
	s.queueMu.Unlock()

	s.commitMu.Lock()
	for {
		s.queueMu.Lock()
		n := min(len(s.queue), maxBatch)
		group := s.queue[:n:n]
		s.queue = s.queue[n:]
		s.queueMu.Unlock()
		if n == 0 {
			break
		}
		// The group belongs to several callers: one's cancellation must
		// not undo the others' appeals.
		s.commitGroup(context.WithoutCancel(ctx), group)
		select {
		case r := <-p.done: // ours was in it: leave the rest to the next holder
			s.commitMu.Unlock()
			return r.code, r.err
		default:
		}
	}
	s.commitMu.Unlock()
	r := <-p.done
	return r.code, r.err
}

// commitGroup writes the group in one transaction, or each appeal alone
// when that fails, and tells every caller its result.
func (s *Store) commitGroup(ctx context.Context, group []*pendingAppeal) {
	s.groups.Add(1)
	s.grouped.Add(int64(len(group)))
	list := make([]prepared, len(group))
	for i, p := range group {
		list[i] = p.w
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := s.write(ctx, tx, nil, list)
		return err
	})
	if err == nil || len(group) == 1 {
		for _, p := range group {
			p.done <- result(p.w.code, err)
		}
		return
	}
	for _, p := range group {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			_, err := s.write(ctx, tx, nil, []prepared{p.w})
			return err
		})
		p.done <- result(p.w.code, err)
	}
}

// result is a caller's answer: its code, or the error and no code.
func result(code string, err error) batchResult {
	if err != nil {
		return batchResult{err: err}
	}
	return batchResult{code: code}
}
