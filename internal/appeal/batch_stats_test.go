package appeal

// GroupStats reports how many group commits ran and how many appeals they
// carried (benchmarks only).
func (s *Store) GroupStats() (groups, appeals int64) { return s.groups.Load(), s.grouped.Load() }
