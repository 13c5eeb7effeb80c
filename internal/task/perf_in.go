package task

import "strings"

// inIDs returns an IN list's placeholders and arguments for ids, padded with
// the last id up to the next of a few fixed lengths: the same query text then
// serves lists of any length up to it, so the store can keep it prepared
// (store/stmtcache.go) instead of parsing a new text per list length.
// A repeated id changes nothing in an IN list. Lists beyond the largest
// length are not padded.
func inIDs(ids []int64) (string, []any) {
	n := len(ids)
	if n == 0 {
		return "NULL", nil
	}
	size := n
	for _, b := range []int{4, 16, 64} {
		if n <= b {
			size = b
			break
		}
	}
	args := make([]any, size)
	for i := range size {
		args[i] = ids[min(i, n-1)]
	}
	return strings.TrimSuffix(strings.Repeat("?, ", size), ", "), args
}
