package index

import "slices"

// claimLists holds the claim IDs behind each relation ID, sorted: a table
// of relation IDs (posTable) beside their lists, rather than a map of
// strings, so that opening a snapshot fills it in one pass (a map of 400k
// relations cost a tenth of a second to make and fill). A relation whose
// last claim goes keeps its place with an empty list, and gets it back if
// a claim returns, as the gram index keeps its keys.
type claimLists struct {
	ids    posTable
	rids   []string   // relation IDs, by position
	claims [][]string // each relation's claims, sorted
	n      int        // relations with claims
}

func (c *claimLists) ridAt(i int32) string { return c.rids[i] }

// get returns the claims behind a relation; the caller must not change
// the list.
func (c *claimLists) get(rid string) []string {
	if p, ok := c.ids.find(rid, c.ridAt); ok {
		return c.claims[p]
	}
	return nil
}

// add adds (delta > 0) or removes a claim of a relation.
func (c *claimLists) add(rid, claim string, delta int32) {
	p, ok := c.ids.find(rid, c.ridAt)
	if !ok {
		if delta <= 0 {
			return
		}
		p = int32(len(c.rids))
		c.ids.add(rid, p)
		c.rids = append(c.rids, rid)
		c.claims = append(c.claims, nil)
	}
	l := c.claims[p]
	i, found := slices.BinarySearch(l, claim)
	switch {
	case delta > 0 && !found:
		if len(l) == 0 {
			c.n++
		}
		c.claims[p] = slices.Insert(l, i, claim)
	case delta < 0 && found:
		if l = slices.Delete(l, i, i+1); len(l) == 0 {
			l = nil
			c.n--
		}
		c.claims[p] = l
	}
}

// len is the number of relations with claims.
func (c *claimLists) len() int { return c.n }

// each calls fn for every relation with claims, in no particular order.
func (c *claimLists) each(fn func(rid string, claims []string)) {
	for p, l := range c.claims {
		if len(l) > 0 {
			fn(c.rids[p], l)
		}
	}
}

// build fills an empty table with decoded relations.
func (c *claimLists) build(rels []relList) {
	c.ids = newPosTable(len(rels))
	c.rids = make([]string, len(rels))
	c.claims = make([][]string, len(rels))
	c.n = 0
	for i, r := range rels {
		c.ids.add(r.rid, int32(i))
		c.rids[i], c.claims[i] = r.rid, r.claims
		if len(r.claims) > 0 {
			c.n++
		}
	}
}
