package graph

import (
	"context"
	"sort"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/index"
	"github.com/newsgraph/newsgraph/ontology"
)

// Disputes mark where sources disagree about a relation. They are computed
// from the claims, not stored: a dispute appears when its two sides are in
// the store and goes when either side is deleted. Only analysts' retractions
// are stored (DisputeRelation in analyst.go).

// DisputeKind says how sources disagree about a relation.
type DisputeKind string

// Kinds of disputes.
const (
	// DisputeDenial: an accusation or attribution, and a denial by the
	// accused or by someone who speaks for it (see Disputes).
	DisputeDenial DisputeKind = "DENIAL"
	// DisputeConflictingAttribution: claims attribute the same event to
	// actors that are not part of one another.
	DisputeConflictingAttribution DisputeKind = "CONFLICTING_ATTRIBUTION"
	// DisputeRetraction: an analyst disputes what the sources state.
	DisputeRetraction DisputeKind = "RETRACTION"
)

// Valid reports whether k is one of the kinds.
func (k DisputeKind) Valid() bool { return k.rank() >= 0 }

func (k DisputeKind) rank() int {
	switch k {
	case DisputeDenial:
		return 0
	case DisputeConflictingAttribution:
		return 1
	case DisputeRetraction:
		return 2
	}
	return -1
}

// Dispute is one disagreement about a relation: its claims that are
// disputed and the claims that dispute them.
type Dispute struct {
	Kind     DisputeKind
	Relation Relation
	// Claims are the relation's claims that the counter-claims contradict.
	Claims []Claim
	// CounterClaims are the denials, the other attributions or the
	// analysts' retractions.
	CounterClaims []Claim
}

// key orders disputes: by relation (subject, predicate, object), then kind.
func (d Dispute) key() string {
	return d.Relation.Subject + "|" + string(d.Relation.Predicate) + "|" + d.Relation.Object + "|" + string(rune('0'+d.Kind.rank()))
}

// involves reports whether entity id is an end of the relation or is named
// by one of the dispute's claims (subject, object or about).
func (d Dispute) involves(id string) bool {
	if d.Relation.Subject == id || d.Relation.Object == id {
		return true
	}
	for _, cs := range [][]Claim{d.Claims, d.CounterClaims} {
		for _, c := range cs {
			if c.Subject == id || c.Object == id || c.About == id {
				return true
			}
		}
	}
	return false
}

// DisputeFilter selects disputes: those that involve Entity (empty: any)
// and are of one of Kinds (empty: any).
type DisputeFilter struct {
	Entity string
	Kinds  []DisputeKind
}

// DisputePage is one page of disputes.
type DisputePage struct {
	Disputes []Dispute
	Cursors  []string
	PageInfo
}

// The predicates that accuse someone, and the chains that say who speaks
// for whom.
var (
	// accusing predicates blame their object, except targets, whose
	// subject is the attacker
	accusing = []ontology.Predicate{ontology.Accuses, ontology.Charges, ontology.Condemns, ontology.Sanctions, ontology.AttributedTo}
	// the accused belongs to what it is part of, a member of or works for
	accusedUp = []ontology.Predicate{ontology.PartOf, ontology.MemberOf, ontology.AffiliatedWith}
	// a denier speaks for its ministry, agency or government
	speakerUp = []ontology.Predicate{ontology.PartOf, ontology.MemberOf}
)

const (
	// chainDepth bounds the part_of/member_of chains followed.
	chainDepth = 4
	// maxChain bounds an entity's chain and maxFamily the entities found
	// below one ancestor when listing every dispute.
	maxChain, maxFamily = 64, 20000
	// maxMemo bounds the per-relation memo; past it, it starts over.
	maxMemo = 1 << 14
)

// accusedOf returns the end of a relation that it accuses, "" when its
// predicate accuses no one.
func accusedOf(subject string, p ontology.Predicate, object string) string {
	switch p {
	case ontology.Accuses, ontology.Charges, ontology.Condemns, ontology.Sanctions, ontology.AttributedTo:
		return object
	case ontology.Targets:
		return subject
	}
	return ""
}

// disputeCache holds the disputes as of one store version.
type disputeCache struct {
	mu sync.Mutex
	st *disputeState
}

// disputeState is what disputes are computed from, and their memo, at one
// store version. Its maps are guarded by disputeCache.mu.
type disputeState struct {
	at, epoch uint64
	// deniers lists, by entity M, the denials whose denier is M or belongs
	// to M (part_of/member_of)
	deniers map[string][]denier
	// retractions lists analysts' retractions by relation ID
	retractions map[string][]Claim
	chains      map[string][]chainLink
	events      map[string][]attribution
	memo        map[string][]Dispute
	all         []Dispute
	allDone     bool
}

// denier is one DENIES relation reaching an entity M through its denier.
type denier struct {
	rel     string // the DENIES relation ID
	speaker string // its subject, the denier
	// stands says M may stand for the accused: M is the denier itself, or
	// a country or an agency (a government the denier speaks for)
	stands bool
}

// chainLink is one entity of a chain.
type chainLink struct {
	id  string
	typ ontology.EntityType
}

// attribution is a claim that blames actor for an event.
type attribution struct {
	actor string
	claim Claim
}

// disputeStateLocked returns the dispute state for the store's current
// version, built anew after a write or an index rebuild. The caller holds
// s.disputes.mu and s.mu shared; v is the write count read before s.mu was
// taken.
func (s *Store) disputeStateLocked(ctx context.Context, v uint64) (*disputeState, error) {
	if st := s.disputes.st; st != nil && st.at == v && st.epoch == s.epoch {
		return st, nil
	}
	st := &disputeState{at: v, epoch: s.epoch, deniers: map[string][]denier{}, chains: map[string][]chainLink{},
		events: map[string][]attribution{}, memo: map[string][]Dispute{}}
	// the DENIES edges through cayley's predicate index: as many as there
	// are denials, not a walk over every relation
	edges, err := s.quadsWith(ctx, quad.Predicate, predicateIRI(ontology.Denies))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, q := range edges {
		subj, ok1 := idOf(q.Subject, EntityNS)
		obj, ok2 := idOf(q.Object, EntityNS)
		rid := RelationID(subj, ontology.Denies, obj)
		if !ok1 || !ok2 || seen[rid] {
			continue
		}
		seen[rid] = true
		for _, m := range s.chainLocked(subj, speakerUp) {
			stands := m.id == subj || m.typ == ontology.Country || m.typ == ontology.Agency
			st.deniers[m.id] = append(st.deniers[m.id], denier{rel: rid, speaker: subj, stands: stands})
		}
	}
	if st.retractions, err = s.retractionsLocked(ctx); err != nil {
		return nil, err
	}
	s.disputes.st = st
	return st, nil
}

// chainLocked returns id and what it belongs to through preds, nearest
// first, up to chainDepth hops.
func (s *Store) chainLocked(id string, preds []ontology.Predicate) []chainLink {
	e, ok := s.idx.Entity(id)
	if !ok {
		return nil
	}
	out := []chainLink{{id, e.Type}}
	seen := map[string]bool{id: true}
	frontier := []string{id}
	for d := 0; d < chainDepth && len(frontier) > 0 && len(out) < maxChain; d++ {
		var next []string
		for _, x := range frontier {
			items, ok := s.idx.Relations(x, index.Out, preds, nil)
			if !ok || len(items) == 0 {
				continue
			}
			_, rels := fromTable(s.idx.Resolve(items))
			for _, r := range rels {
				if !seen[r.Object] && len(out) < maxChain {
					seen[r.Object] = true
					out = append(out, chainLink{r.Object, r.ObjectEntity.Type})
					next = append(next, r.Object)
				}
			}
		}
		frontier = next
	}
	return out
}

// accusedChain is chainLocked over accusedUp, memoized.
func (s *Store) accusedChain(st *disputeState, id string) []chainLink {
	c, ok := st.chains[id]
	if !ok {
		c = s.chainLocked(id, accusedUp)
		st.chains[id] = c
	}
	return c
}

// RelationDisputes returns the disputes of each relation ID (none for an
// unknown relation), for batch resolvers: a neighborhood's edges cost one
// call, and relations that accuse no one and are not retracted cost
// nothing.
func (s *Store) RelationDisputes(ctx context.Context, relationIDs []string) (map[string][]Dispute, error) {
	v := s.Writes()
	s.disputes.mu.Lock()
	defer s.disputes.mu.Unlock()
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, err := s.disputeStateLocked(ctx, v)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Dispute, len(relationIDs))
	for _, id := range relationIDs {
		if _, ok := out[id]; ok {
			continue
		}
		if ds, ok := st.memo[id]; ok {
			out[id] = ds
			continue
		}
		subj, pred, obj, err := ParseRelationID(id)
		if err != nil {
			out[id] = nil
			continue
		}
		if accusedOf(subj, pred, obj) == "" && len(st.retractions[id]) == 0 {
			out[id] = nil
			continue
		}
		t, ok := s.idx.Relation(subj, pred, obj)
		if !ok {
			out[id] = nil
			continue
		}
		_, rels := fromTable(t)
		if out[id], err = s.relationDisputesLocked(ctx, st, rels[0]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// relationDisputesLocked computes (or recalls) the disputes of one
// relation, in kind order.
func (s *Store) relationDisputesLocked(ctx context.Context, st *disputeState, r Relation) ([]Dispute, error) {
	if ds, ok := st.memo[r.ID]; ok {
		return ds, nil
	}
	cm, err := s.claimsLocked(ctx, []string{r.ID})
	if err != nil {
		return nil, err
	}
	claims := cm[r.ID]
	var out []Dispute
	if accusedOf(r.Subject, r.Predicate, r.Object) != "" {
		if d, ok, err := s.denialLocked(ctx, st, r, claims); err != nil {
			return nil, err
		} else if ok {
			out = append(out, d)
		}
		if d, ok, err := s.conflictLocked(ctx, st, r, claims); err != nil {
			return nil, err
		} else if ok {
			out = append(out, d)
		}
	}
	if rs := st.retractions[r.ID]; len(rs) > 0 {
		stated := []Claim{}
		for _, c := range claims {
			if c.Extractor != "analyst" {
				stated = append(stated, c)
			}
		}
		out = append(out, Dispute{Kind: DisputeRetraction, Relation: r, Claims: stated, CounterClaims: rs})
	}
	if len(st.memo) >= maxMemo {
		st.memo = map[string][]Dispute{}
	}
	st.memo[r.ID] = out
	return out, nil
}

// denialLocked finds the denials of an accusation. A DENIES claim d
// disputes a claim a of r when d's denier speaks for the accused and d
// answers a: both are in the same document (unless a is a targets claim:
// a story lists many targets, and a denial answers the accusation, not
// each target), or d denies the event a is about (or, for attributed_to,
// the event attributed).
func (s *Store) denialLocked(ctx context.Context, st *disputeState, r Relation, claims []Claim) (Dispute, bool, error) {
	accused := accusedOf(r.Subject, r.Predicate, r.Object)
	var relIDs []string
	seen := map[string]bool{}
	for _, m := range s.accusedChain(st, accused) {
		for _, dn := range st.deniers[m.id] {
			if (dn.stands || m.id == accused) && dn.speaker != r.Subject && !seen[dn.rel] {
				seen[dn.rel] = true
				relIDs = append(relIDs, dn.rel)
			}
		}
	}
	if len(relIDs) == 0 {
		return Dispute{}, false, nil
	}
	denials, err := s.claimsLocked(ctx, relIDs)
	if err != nil {
		return Dispute{}, false, err
	}
	var disputed, counter []Claim
	counted := map[string]bool{}
	for _, a := range claims {
		hit := false
		for _, rid := range relIDs {
			for _, d := range denials[rid] {
				if !answers(d, a, r) {
					continue
				}
				hit = true
				if !counted[d.ID] {
					counted[d.ID] = true
					counter = append(counter, d)
				}
			}
		}
		if hit {
			disputed = append(disputed, a)
		}
	}
	if len(disputed) == 0 {
		return Dispute{}, false, nil
	}
	sortClaims(counter)
	return Dispute{Kind: DisputeDenial, Relation: r, Claims: disputed, CounterClaims: counter}, true, nil
}

// answers reports whether denial d answers claim a of relation r.
func answers(d, a Claim, r Relation) bool {
	if d.Document == a.Document && r.Predicate != ontology.Targets {
		return true
	}
	if a.About != "" && (d.Object == a.About || d.About == a.About) {
		return true
	}
	return r.Predicate == ontology.AttributedTo && (d.Object == r.Subject || d.About == r.Subject)
}

// conflictLocked finds the claims that attribute the events r's claims
// attribute (what they are about; for attributed_to, its subject) to an
// actor that is neither r's accused nor part of it nor what it is part of
// (through part_of, member_of or affiliated_with).
func (s *Store) conflictLocked(ctx context.Context, st *disputeState, r Relation, claims []Claim) (Dispute, bool, error) {
	accused := accusedOf(r.Subject, r.Predicate, r.Object)
	var disputed, counter []Claim
	counted := map[string]bool{}
	for _, a := range claims {
		events := []string{}
		if a.About != "" {
			events = append(events, a.About)
		}
		if r.Predicate == ontology.AttributedTo && r.Subject != a.About {
			events = append(events, r.Subject)
		}
		hit := false
		for _, ev := range events {
			atts, err := s.attributionsLocked(ctx, st, ev)
			if err != nil {
				return Dispute{}, false, err
			}
			for _, at := range atts {
				if s.compatible(st, accused, at.actor) {
					continue
				}
				hit = true
				if !counted[at.claim.ID] {
					counted[at.claim.ID] = true
					counter = append(counter, at.claim)
				}
			}
		}
		if hit {
			disputed = append(disputed, a)
		}
	}
	if len(disputed) == 0 {
		return Dispute{}, false, nil
	}
	sortClaims(counter)
	return Dispute{Kind: DisputeConflictingAttribution, Relation: r, Claims: disputed, CounterClaims: counter}, true, nil
}

// compatible reports whether two blamed actors are one, or one is part of,
// a member of or works for the other.
func (s *Store) compatible(st *disputeState, a, b string) bool {
	if a == b {
		return true
	}
	for _, pair := range [][2]string{{a, b}, {b, a}} {
		for _, l := range s.accusedChain(st, pair[0]) {
			if l.id == pair[1] {
				return true
			}
		}
	}
	return false
}

// attributionsLocked returns the claims that blame someone for an event:
// its attributed_to claims and the accusing claims about it.
func (s *Store) attributionsLocked(ctx context.Context, st *disputeState, event string) ([]attribution, error) {
	if atts, ok := st.events[event]; ok {
		return atts, nil
	}
	var atts []attribution
	seen := map[string]bool{}
	if items, ok := s.idx.Relations(event, index.Out, []ontology.Predicate{ontology.AttributedTo}, nil); ok && len(items) > 0 {
		_, rels := fromTable(s.idx.Resolve(items))
		ids := make([]string, len(rels))
		for i, r := range rels {
			ids[i] = r.ID
		}
		cm, err := s.claimsLocked(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			for _, c := range cm[r.ID] {
				seen[c.ID] = true
				atts = append(atts, attribution{actor: r.Object, claim: c})
			}
		}
	}
	about, err := s.quadsWith(ctx, quad.Object, EntityIRI(event))
	if err != nil {
		return nil, err
	}
	for _, q := range about {
		if q.Predicate != pAbout {
			continue
		}
		c, err := s.readClaim(ctx, q.Subject)
		if err != nil {
			return nil, err
		}
		if actor := accusedOf(c.Subject, c.Predicate, c.Object); actor != "" && !seen[c.ID] {
			seen[c.ID] = true
			atts = append(atts, attribution{actor: actor, claim: c})
		}
	}
	st.events[event] = atts
	return atts, nil
}

// Disputes returns a page of the disputes in the store, ordered by their
// relation (subject, predicate, object), then kind.
//
// A DENIAL is an accusation or attribution (accuses, charges, condemns,
// sanctions, attributed_to: against its object; targets: against its
// subject) and a DENIES claim by the accused or by someone who speaks for
// it: the denier, or what it is part of or a member of, is the accused, or
// something the accused is part of, a member of or affiliated with, or a
// country or agency both belong to ("China's Foreign Ministry denied" answers
// an accusation against China's MSS). The denial must answer the accusing
// claim: both in one document, or the denial names the event the claim is
// about (for attributed_to, the event attributed).
//
// A CONFLICTING_ATTRIBUTION is a claim blaming an actor for an event (an
// attributed_to claim of the event, or an accusing claim about it) while
// other claims blame an actor that is neither the same nor part of, a
// member of or affiliated with it (either way).
//
// A RETRACTION is an analyst's dispute of a relation (DisputeRelation).
func (s *Store) Disputes(ctx context.Context, f DisputeFilter, p Page) (DisputePage, error) {
	for _, k := range f.Kinds {
		if !k.Valid() {
			return DisputePage{}, Errorf(EINVALID, "unknown dispute kind %q", clip(string(k)))
		}
	}
	if _, err := checkPage(p); err != nil {
		return DisputePage{}, err
	}
	if _, err := decodeCursor("dispute", p.After); err != nil {
		return DisputePage{}, err
	}
	v := s.Writes()
	s.disputes.mu.Lock()
	defer s.disputes.mu.Unlock()
	s.mu.RLock()
	defer s.mu.RUnlock()
	if f.Entity != "" {
		f.Entity = s.idx.Canonical(f.Entity)
		if !s.idx.Live(f.Entity) {
			return DisputePage{}, Errorf(ENOTFOUND, "no entity %q", clip(f.Entity))
		}
	}
	st, err := s.disputeStateLocked(ctx, v)
	if err != nil {
		return DisputePage{}, err
	}
	all, err := s.allDisputesLocked(ctx, st)
	if err != nil {
		return DisputePage{}, err
	}
	var sel []Dispute
	for _, d := range all {
		if (len(f.Kinds) == 0 || hasKind(f.Kinds, d.Kind)) && (f.Entity == "" || d.involves(f.Entity)) {
			sel = append(sel, d)
		}
	}
	keys := make([]string, len(sel))
	for i, d := range sel {
		keys[i] = d.key()
	}
	lo, hi, info, err := paginate("dispute", keys, p)
	if err != nil {
		return DisputePage{}, err
	}
	page := DisputePage{PageInfo: info, Disputes: sel[lo:hi]}
	for _, k := range keys[lo:hi] {
		page.Cursors = append(page.Cursors, encodeCursor("dispute", k))
	}
	return page, nil
}

func hasKind(ks []DisputeKind, k DisputeKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// allDisputesLocked computes every dispute: those of the relations that
// can have one (accusations against whatever a denier speaks for,
// attributions of events blamed on more than one actor, retracted
// relations), sorted by key.
func (s *Store) allDisputesLocked(ctx context.Context, st *disputeState) ([]Dispute, error) {
	if st.allDone {
		return st.all, nil
	}
	cands, err := s.disputeCandidatesLocked(ctx, st)
	if err != nil {
		return nil, err
	}
	var all []Dispute
	for _, r := range cands {
		ds, err := s.relationDisputesLocked(ctx, st, r)
		if err != nil {
			return nil, err
		}
		all = append(all, ds...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key() < all[j].key() })
	st.all, st.allDone = all, true
	return all, nil
}

// disputeCandidatesLocked returns the relations that may be disputed,
// each once.
func (s *Store) disputeCandidatesLocked(ctx context.Context, st *disputeState) ([]Relation, error) {
	var out []Relation
	seen := map[string]bool{}
	add := func(items []index.RelationItem) {
		if len(items) == 0 {
			return
		}
		_, rels := fromTable(s.idx.Resolve(items))
		for _, r := range rels {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	for rid := range st.retractions {
		if subj, pred, obj, err := ParseRelationID(rid); err == nil {
			if t, ok := s.idx.Relation(subj, pred, obj); ok {
				_, rels := fromTable(t)
				if !seen[rid] {
					seen[rid] = true
					out = append(out, rels[0])
				}
			}
		}
	}
	// the accused a denial may answer: every entity below a country or
	// agency a denier speaks for, or the denier's own organization
	accused := map[string]bool{}
	for m, dns := range st.deniers {
		stands := false
		for _, dn := range dns {
			stands = stands || dn.stands
		}
		accused[m] = true
		if stands {
			s.familyLocked(m, accused)
		}
	}
	for a := range accused {
		items, _ := s.idx.Relations(a, index.In, accusing, nil)
		add(items)
		items, _ = s.idx.Relations(a, index.Out, []ontology.Predicate{ontology.Targets}, nil)
		add(items)
	}
	// the events: what is attributed, and what accusing claims are about
	events := map[string]bool{}
	for _, w := range []struct {
		pred  quad.IRI
		event quad.Direction
	}{{predicateIRI(ontology.AttributedTo), quad.Subject}, {pAbout, quad.Object}} {
		qs, err := s.quadsWith(ctx, quad.Predicate, w.pred)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if id, ok := idOf(q.Get(w.event), EntityNS); ok && s.idx.Live(id) {
				events[id] = true
			}
		}
	}
	for ev := range events {
		atts, err := s.attributionsLocked(ctx, st, ev)
		if err != nil {
			return nil, err
		}
		if len(atts) < 2 || !anyOther(atts, atts[0].actor) {
			continue
		}
		for _, at := range atts {
			c := at.claim
			if t, ok := s.idx.Relation(c.Subject, c.Predicate, c.Object); ok && !seen[RelationID(c.Subject, c.Predicate, c.Object)] {
				_, rels := fromTable(t)
				seen[rels[0].ID] = true
				out = append(out, rels[0])
			}
		}
	}
	return out, ctx.Err()
}

// anyOther reports whether some attribution blames another actor.
func anyOther(atts []attribution, actor string) bool {
	for _, at := range atts {
		if at.actor != actor {
			return true
		}
	}
	return false
}

// familyLocked adds to set every entity that is part of, a member of or
// affiliated with m, at any depth up to chainDepth, at most maxFamily.
func (s *Store) familyLocked(m string, set map[string]bool) {
	frontier := []string{m}
	for d := 0; d < chainDepth && len(frontier) > 0 && len(set) < maxFamily; d++ {
		var next []string
		for _, x := range frontier {
			items, ok := s.idx.Relations(x, index.In, accusedUp, nil)
			if !ok || len(items) == 0 {
				continue
			}
			_, rels := fromTable(s.idx.Resolve(items))
			for _, r := range rels {
				if !set[r.Subject] && len(set) < maxFamily {
					set[r.Subject] = true
					next = append(next, r.Subject)
				}
			}
		}
		frontier = next
	}
}
