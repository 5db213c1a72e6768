package graph

import "context"

// Scans read the whole graph once, a page at a time (a TAXII client
// paging through every object): they go past the claim cache, which they
// would only fill with claims read once and evict what interactive reads
// keep, and they release the bolt file's pages between pages, so that the
// memory they hold does not grow with the store.

// ScanClaims returns the claims behind each relation ID, as Claims does,
// reading them from the backend and keeping none in the claim cache.
func (s *Store) ScanClaims(ctx context.Context, relationIDs []string) (map[string][]Claim, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.claimsWith(ctx, relationIDs, s.readClaimNode)
}

// ReleasePages drops the pages of the bolt file that reads brought into
// memory from the process's resident set (they stay in the kernel's page
// cache, and a later read faults them back in); other backends have none.
func (s *Store) ReleasePages() {
	if s.direct != nil {
		s.direct.ReleasePages()
	}
}
