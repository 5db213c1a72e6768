package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// Arrivals record when each source (a document, a bundle, an analyst
// action, a note) reached the store, so that a reader can ask for what is
// new since a time (TAXII's added_after). Every commit notes, in memory,
// when each source it writes first reached the store; the times are kept
// in a ledger of records (records.go) of kind "arrival", written by
// Arrivals at its first call after a write: each record stamps the sources
// that were new with their times and marks the ones that had gone. A time
// is never earlier than a time the ledger already holds (a reader that saw
// that one must see this one as new), and a source whose time was lost (the
// server stopped before the ledger was written) gets the time of the call.
// A source's time never changes while it exists, and a source removed and
// written again gets a new one.

// recordArrival is the record kind of the arrival ledger.
const recordArrival = "arrival"

// arrivalChunk bounds the sources of one ledger record (well under the
// record size limit).
const arrivalChunk = 20000

// ArrivalKind says what an Arrival stands for.
type ArrivalKind uint8

// Kinds of arrivals.
const (
	ArrivedEntity ArrivalKind = iota + 1
	ArrivedRelation
	ArrivedDocument
	ArrivedNote
)

// Arrival is when something in the graph reached the store: an entity
// (through the sources that state its type), a relation (its claims'
// sources), a document or a note (itself).
type Arrival struct {
	Kind ArrivalKind
	// ID is the entity, relation, document or note ID.
	ID string
	// Type is an entity's type.
	Type ontology.EntityType
	// First and Last are the earliest and latest times one of its current
	// sources reached the store: Last changes when a source is added.
	First, Last time.Time
	// Analyst is set for a relation that an analyst asserted.
	Analyst bool
}

// arrivalEntry is one record of the ledger.
type arrivalEntry struct {
	At  int64    `json:"at"` // Unix milliseconds
	Add []string `json:"add,omitempty"`
	// AddAt are the times of Add, in Unix milliseconds (At when absent).
	AddAt []int64  `json:"addAt,omitempty"`
	Gone  []string `json:"gone,omitempty"`
}

// maxPendingArrivals bounds the write times kept for sources that the
// ledger does not hold yet; sources written beyond it get the time of the
// next Arrivals call.
const maxPendingArrivals = 100000

// arrivalClock keeps when each source's quads were first committed, until
// the ledger records it.
type arrivalClock struct {
	mu    sync.Mutex
	first map[string]time.Time
}

// note records now as the arrival of the sources of add that have none.
func (c *arrivalClock) note(add []quad.Quad, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var last quad.Value
	for _, q := range add {
		if q.Label == nil || q.Label == last {
			continue
		}
		last = q.Label
		id := labelID(q.Label)
		if id == "" || strings.HasPrefix(id, "record:") {
			continue
		}
		if _, ok := c.first[id]; ok {
			continue
		}
		if c.first == nil {
			c.first = map[string]time.Time{}
		}
		if len(c.first) >= maxPendingArrivals {
			return
		}
		c.first[id] = now
	}
}

// get returns the noted arrival of a source.
func (c *arrivalClock) get(id string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.first[id]
	return t, ok
}

// forget drops the noted arrivals of ids (a source deleted before it was
// recorded stays until it is written again, or the clock is full).
func (c *arrivalClock) forget(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.first, id)
	}
}

// Arrivals records the arrival of the sources that the ledger does not
// hold yet (when they were written, or now when that was lost; in
// milliseconds and later than every time the ledger holds) and returns
// every entity, relation, document and note with its arrival times,
// ordered by Last, then ID. On a read-only store the new times are not
// recorded.
func (s *Store) Arrivals(ctx context.Context, now time.Time) ([]Arrival, error) {
	times, latest, err := s.arrivalLedger(ctx)
	if err != nil {
		return nil, err
	}
	floor := latest.Add(time.Millisecond)
	at := later(now.UTC().Truncate(time.Millisecond), floor)
	var add, gone []string
	s.mu.RLock()
	ids, exists := s.idx.SourceIDs()
	s.mu.RUnlock()
	live := make(map[string]bool, len(ids))
	for i, id := range ids {
		if !exists[i] || strings.HasPrefix(id, "record:") {
			continue
		}
		live[id] = true
		if _, stamped := times[id]; !stamped {
			add = append(add, id)
		}
	}
	// a source deleted before the store was opened is not in the index
	for id := range times {
		if !live[id] {
			gone = append(gone, id)
		}
	}
	sort.Strings(gone)
	addAt := make([]time.Time, len(add))
	for i, id := range add {
		addAt[i] = at
		if t, ok := s.arrived.get(id); ok {
			addAt[i] = later(t.UTC().Truncate(time.Millisecond), floor)
		}
	}
	if len(add)+len(gone) > 0 && !s.readOnly {
		if err := s.putArrivals(ctx, at, add, addAt, gone); err != nil {
			return nil, err
		}
	}
	s.arrived.forget(add)
	for _, id := range gone {
		delete(times, id)
	}
	for i, id := range add {
		times[id] = addAt[i]
	}
	return s.arrivals(ctx, times, at)
}

// arrivalLedger reads the ledger: each source's time and the latest time.
func (s *Store) arrivalLedger(ctx context.Context) (map[string]time.Time, time.Time, error) {
	recs, err := s.Records(ctx, recordArrival)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("graph: read arrivals: %w", err)
	}
	keys := make([]string, 0, len(recs))
	for k := range recs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	times := map[string]time.Time{}
	var latest time.Time
	for _, k := range keys {
		var e arrivalEntry
		if err := json.Unmarshal(recs[k], &e); err != nil {
			return nil, time.Time{}, fmt.Errorf("graph: read arrival record %s: %w", k, err)
		}
		t := time.UnixMilli(e.At).UTC()
		if len(e.AddAt) != len(e.Add) {
			latest = later(latest, t)
		}
		for _, id := range e.Gone {
			delete(times, id)
		}
		for i, id := range e.Add {
			ti := t
			if len(e.AddAt) == len(e.Add) {
				ti = time.UnixMilli(e.AddAt[i]).UTC()
				latest = later(latest, ti)
			}
			if _, ok := times[id]; !ok { // two servers stamping at once: the first wins
				times[id] = ti
			}
		}
	}
	return times, latest, nil
}

// putArrivals writes ledger records stamping add with addAt and marking
// gone, keyed by at.
func (s *Store) putArrivals(ctx context.Context, at time.Time, add []string, addAt []time.Time, gone []string) error {
	for n := 0; n == 0 || len(add)+len(gone) > 0; n++ {
		e := arrivalEntry{At: at.UnixMilli()}
		k := min(len(gone), arrivalChunk)
		e.Gone, gone = gone[:k], gone[k:]
		k = min(len(add), arrivalChunk-len(e.Gone))
		e.Add, add = add[:k], add[k:]
		e.AddAt = make([]int64, k)
		for i := range e.AddAt {
			e.AddAt[i] = addAt[i].UnixMilli()
		}
		addAt = addAt[k:]
		if len(e.Add) == 0 {
			e.AddAt = nil
		}
		v, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("graph: arrivals: %w", err)
		}
		key := fmt.Sprintf("%020d-%06d", at.UnixMilli(), n)
		if err := s.PutRecord(ctx, recordArrival, key, v); err != nil {
			return fmt.Errorf("graph: record arrivals: %w", err)
		}
	}
	return nil
}

// arrivals lists what the index holds with the times of its sources; a
// source with no time (written since the ledger was read) counts as
// arriving at at.
func (s *Store) arrivals(ctx context.Context, times map[string]time.Time, at time.Time) ([]Arrival, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids, exists := s.idx.SourceIDs()
	when := make([]time.Time, len(ids))
	for i, id := range ids {
		if t, ok := times[id]; ok {
			when[i] = t
		} else {
			when[i] = at
		}
	}
	span := func(a *Arrival, srcs []int32) {
		for _, p := range srcs {
			t := when[p]
			if a.First.IsZero() || t.Before(a.First) {
				a.First = t
			}
			a.Last = later(a.Last, t)
		}
		if a.First.IsZero() {
			a.First, a.Last = at, at
		}
	}
	var out []Arrival
	s.idx.EachEntityOrigin(func(id string, t ontology.EntityType, srcs []int32) {
		a := Arrival{Kind: ArrivedEntity, ID: id, Type: t}
		span(&a, srcs)
		out = append(out, a)
	})
	s.idx.EachRelationOrigin(func(subj string, p ontology.Predicate, obj string, labels []int32) {
		a := Arrival{Kind: ArrivedRelation, ID: RelationID(subj, p, obj)}
		span(&a, labels)
		for _, l := range labels {
			a.Analyst = a.Analyst || strings.HasPrefix(ids[l], "analyst:")
		}
		out = append(out, a)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if !exists[i] {
			continue
		}
		switch {
		case IsDocumentID(id):
			out = append(out, Arrival{Kind: ArrivedDocument, ID: id, First: when[i], Last: when[i]})
		case IsNoteID(id):
			out = append(out, Arrival{Kind: ArrivedNote, ID: id, First: when[i], Last: when[i]})
		}
	}
	slices.SortFunc(out, func(a, b Arrival) int {
		if c := a.Last.Compare(b.Last); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Note returns the note with the given ID.
func (s *Store) Note(ctx context.Context, id string) (Note, error) {
	if !IsNoteID(id) {
		return Note{}, Errorf(EINVALID, "%q is not a note ID", clip(id))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, err := s.readNote(ctx, SourceIRI(id))
	if err != nil {
		return Note{}, err
	}
	if n.ID == "" {
		return Note{}, Errorf(ENOTFOUND, "no note %q", clip(id))
	}
	return n, nil
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
