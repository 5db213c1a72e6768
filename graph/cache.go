package graph

import (
	"container/list"
	"sync"
)

// claimCache keeps recently read claims. A claim's quads only change when
// its source is replaced or deleted; the index evicts the claim whenever one
// of its quads is added or removed, so a cached claim is never stale.
type claimCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent
	items map[string]*list.Element
}

type cachedClaim struct {
	iri   string
	claim Claim
}

func newClaimCache(max int) *claimCache {
	return &claimCache{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

func (c *claimCache) get(iri string) (Claim, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[iri]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cachedClaim).claim, true
	}
	return Claim{}, false
}

func (c *claimCache) put(iri string, claim Claim) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[iri]; ok {
		e.Value.(*cachedClaim).claim = claim
		c.order.MoveToFront(e)
		return
	}
	c.items[iri] = c.order.PushFront(&cachedClaim{iri, claim})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cachedClaim).iri)
	}
}

func (c *claimCache) evict(iri string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[iri]; ok {
		c.order.Remove(e)
		delete(c.items, iri)
	}
}
