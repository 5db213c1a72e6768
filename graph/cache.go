package graph

import lru "github.com/hashicorp/golang-lru/v2"

// claimCacheSize is how many claims the cache keeps.
const claimCacheSize = 50000

// claimCache keeps recently read claims, least recently used out first. A
// claim's quads only change when its source is replaced or deleted; the
// store evicts the claim whenever one of its quads is added or removed, so a
// cached claim is never stale. It is safe for concurrent use.
type claimCache = lru.Cache[string, Claim]

func newClaimCache() *claimCache {
	c, _ := lru.New[string, Claim](claimCacheSize) // fails only for a size below one
	return c
}
