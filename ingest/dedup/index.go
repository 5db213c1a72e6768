package dedup

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"sync"
)

const (
	// Bands and Rows split a Signature for locality-sensitive hashing: two
	// signatures become candidates when all Rows values of at least one of
	// the Bands agree. The chance for a pair of similarity s is
	// 1-(1-s^Rows)^Bands; with 32 bands of 4 rows it is 0.45 at s=0.30,
	// 0.87 at s=0.50, 0.988 at s=0.60 and 0.9997 at s=0.70, and 0.003 at
	// s=0.10 — steepest near (1/Bands)^(1/Rows) ≈ 0.42, below
	// DefaultThreshold so that near-duplicates are seldom missed while
	// unrelated texts seldom need the exact comparison.
	Bands = 32
	// Rows is the number of signature values in a band.
	Rows = NumHashes / Bands

	// DefaultThreshold is the least estimated Jaccard similarity at which
	// Match reports a near-duplicate, chosen by the evaluation over the
	// corpus described in the package documentation.
	DefaultThreshold = 0.5
)

// Index finds the near-duplicates of a signature among the signatures
// added to it. Lookups touch only the LSH buckets of the signature's bands,
// not every entry. An Index is safe for concurrent use.
type Index struct {
	threshold float64

	mu      sync.RWMutex
	sigs    map[string]*Signature
	order   map[string]uint64 // insertion number, to break ties
	next    uint64
	buckets [Bands]map[uint64][]string
}

// NewIndex returns an empty Index that matches at an estimated similarity
// of at least threshold, which must lie in (0, 1].
func NewIndex(threshold float64) (*Index, error) {
	if !(threshold > 0 && threshold <= 1) {
		return nil, fmt.Errorf("dedup: new index: threshold %v outside (0, 1]", threshold)
	}
	ix := &Index{threshold: threshold, sigs: map[string]*Signature{}, order: map[string]uint64{}}
	for b := range ix.buckets {
		ix.buckets[b] = map[uint64][]string{}
	}
	return ix, nil
}

// Threshold returns the least similarity Match reports.
func (ix *Index) Threshold() float64 { return ix.threshold }

// Len returns the number of signatures in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.sigs)
}

// Add stores sig under id. Adding an id again replaces its signature.
func (ix *Index) Add(id string, sig Signature) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.sigs[id]; ok {
		ix.unbucket(id, old)
	} else {
		ix.order[id] = ix.next
		ix.next++
	}
	s := sig
	ix.sigs[id] = &s
	for b := range ix.buckets {
		k := bandKey(&s, b)
		ix.buckets[b][k] = append(ix.buckets[b][k], id)
	}
}

// Remove deletes id from the index; an unknown id is ignored.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.sigs[id]; ok {
		ix.unbucket(id, old)
		delete(ix.sigs, id)
		delete(ix.order, id)
	}
}

// unbucket removes id from the buckets of sig's bands. The caller holds
// the write lock.
func (ix *Index) unbucket(id string, sig *Signature) {
	for b := range ix.buckets {
		k := bandKey(sig, b)
		ids := ix.buckets[b][k]
		for i, x := range ids {
			if x == id {
				ids = append(ids[:i:i], ids[i+1:]...)
				break
			}
		}
		if len(ids) == 0 {
			delete(ix.buckets[b], k)
		} else {
			ix.buckets[b][k] = ids
		}
	}
}

// Match returns the indexed id most similar to sig among the LSH
// candidates, with its estimated similarity, if that similarity reaches
// the threshold. Ties go to the id added first.
func (ix *Index) Match(sig Signature) (id string, similarity float64, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	seen := map[string]bool{}
	for b := range ix.buckets {
		for _, c := range ix.buckets[b][bandKey(&sig, b)] {
			if seen[c] {
				continue
			}
			seen[c] = true
			s := sig.Similarity(ix.sigs[c])
			if s < ix.threshold {
				continue
			}
			if !ok || s > similarity || (s == similarity && ix.order[c] < ix.order[id]) {
				id, similarity, ok = c, s, true
			}
		}
	}
	return id, similarity, ok
}

// bandKey hashes the Rows values of band b of sig, with the band number,
// into one bucket key.
func bandKey(sig *Signature, b int) uint64 {
	var buf [8 * (Rows + 1)]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(b))
	for r := 0; r < Rows; r++ {
		binary.LittleEndian.PutUint64(buf[8*(r+1):], sig[b*Rows+r])
	}
	h := fnv.New64a()
	h.Write(buf[:])
	return h.Sum64()
}
