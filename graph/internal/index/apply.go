package index

import (
	"slices"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Kind says what a fact is about.
type Kind uint8

// Kinds of facts.
const (
	// Other is a stored quad the index only counts (a mention's, a claim's
	// evidence, an unknown subject).
	Other Kind = iota
	// EntityAttr is an attribute of entity Subject (see Attr).
	EntityAttr
	// Edge is the direct relation Subject —Pred→ Object between entities.
	Edge
	// SameAs records that entity Subject was merged into entity Object.
	SameAs
	// ClaimType states that claim Subject exists.
	ClaimType
	// ClaimRelation says that claim Subject stands behind relation ID Object.
	ClaimRelation
	// SourceAttr is an attribute of source Subject (see Attr); SubjectDoc
	// says whether the source is a document.
	SourceAttr
)

// Attr is the attribute an EntityAttr or SourceAttr fact sets.
type Attr uint8

// Attributes.
const (
	AttrOther Attr = iota // an attribute the index does not keep
	// AttrType is an entity's type (Object, "" when not a known type) or
	// the type fact that makes a source exist.
	AttrType
	AttrName        // an entity's name (Object)
	AttrAltName     // an entity's alias
	AttrKey         // an entity's normalized name or alias, for lookup
	AttrRole        // a person's title
	AttrDescription // an entity's description
	AttrExtRef      // an entity's external reference, "source|id|url"
	AttrTitle       // a document's title
	AttrURL         // a document's URL
	AttrFile        // the file a document came from
	AttrIdent       // the id the source gave a document
	AttrExtractor   // the extractor of a source
	AttrBytes       // a document's size (Int)
	AttrDate        // a source's publication date (Date)
)

// Fact is one stored quad as the index sees it. The store decodes quads into
// facts; the index never sees an IRI.
type Fact struct {
	Kind Kind
	Attr Attr
	// Subject is the entity, claim or source ID the fact is about.
	Subject string
	// SubjectDoc is set when a SourceAttr's subject is a document.
	SubjectDoc bool
	// Object is the attribute's value, the other entity's ID (Edge,
	// SameAs) or the relation ID (ClaimRelation).
	Object string
	// Pred is an Edge's predicate.
	Pred ontology.Predicate
	// Label is the ID of the source that states the fact ("" when none);
	// LabelDoc is set when it is a document.
	Label    string
	LabelDoc bool
	Int      int       // AttrBytes
	Date     time.Time // AttrDate
}

// structuredNameWeight is how many article mentions a structured source's
// name for an entity counts as when choosing the displayed name.
const structuredNameWeight = 1 << 16

// Apply adds (delta > 0) or removes (delta < 0) one fact.
func (x *Index) Apply(f Fact, delta int32) {
	x.version++
	x.quads += int64(delta)
	switch f.Kind {
	case EntityAttr, Edge, SameAs:
		x.applyEntity(f, delta)
	case ClaimType:
		x.claims += int(delta)
	case ClaimRelation:
		x.applyClaimRelation(f.Object, f.Subject, delta)
	case SourceAttr:
		x.applySource(f, delta)
	}
}

// applyEntity applies a fact about an entity, keeping the count of live
// entities: it notes the liveness of the ends before and after.
func (x *Index) applyEntity(f Fact, delta int32) {
	ends := [2]*entRec{}
	_, ends[0] = x.entity(f.Subject, false)
	isEdge := f.Kind == Edge || f.Kind == SameAs
	if isEdge {
		if _, r := x.entity(f.Object, false); r != ends[0] {
			ends[1] = r
		}
	}
	was := [2]bool{ends[0] != nil && ends[0].live(), ends[1] != nil && ends[1].live()}
	switch f.Kind {
	case SameAs:
		c := x.sameAs[f.Subject]
		c.s, c.n = f.Object, c.n+delta
		if c.n <= 0 {
			delete(x.sameAs, f.Subject)
		} else {
			x.sameAs[f.Subject] = c
		}
	case Edge:
		x.applyEdge(f.Subject, f.Pred, f.Object, f.Label, delta)
	default:
		x.applyAttr(f, delta)
	}
	if ends[0] == nil {
		_, ends[0] = x.entity(f.Subject, false)
	}
	if isEdge && ends[1] == nil {
		if _, r := x.entity(f.Object, false); r != ends[0] {
			ends[1] = r
		}
	}
	for i, r := range ends {
		if r == nil {
			continue
		}
		if now := r.live(); now != was[i] {
			if now {
				x.live++
			} else {
				x.live--
			}
		}
	}
}

func (x *Index) applyAttr(f Fact, delta int32) {
	var kind valueKind
	ei, r := x.entity(f.Subject, delta > 0)
	if r == nil {
		return
	}
	switch f.Attr {
	case AttrType:
		if f.Object != "" {
			r.count(kindType, f.Object, delta)
		}
		if li, _ := x.source(f.Label, delta > 0); li >= 0 {
			idCountAdd(&r.sources, li, delta)
		}
		if !f.LabelDoc {
			r.structured += delta
			x.structVersion++
		}
		return
	case AttrName:
		// a structured source (ATT&CK, an analyst) names an entity with
		// authority: its name wins over the names articles use
		kind = kindName
		if !f.LabelDoc {
			delta *= structuredNameWeight
		}
	case AttrAltName:
		kind = kindAlias
	case AttrRole:
		kind = kindRole
	case AttrDescription:
		kind = kindDesc
	case AttrExtRef:
		kind = kindRef
	case AttrKey:
		if change := r.count(kindKey, f.Object, delta); change != 0 {
			x.setKey(f.Object, ei, change > 0)
		}
		return
	default:
		return
	}
	r.count(kind, f.Object, delta)
}

func (x *Index) applyClaimRelation(rid, claim string, delta int32) {
	x.relClaims.add(rid, claim, delta)
}

// keyChanged notes a key that appeared in or left byKey (see keysChanged).
func (x *Index) keyChanged(key string) {
	if x.keysOverflow {
		return
	}
	if len(x.keysChanged) >= 1024 && len(x.keysChanged) > x.liveKeys/4 {
		x.keysChanged, x.keysOverflow = nil, true
		return
	}
	x.keysChanged = append(x.keysChanged, key)
}

func (x *Index) setKey(key string, e int32, add bool) {
	p, ok := x.grams.id.find(key, x.grams.keyAt)
	if !ok {
		if !add {
			return
		}
		p = x.grams.add(key)
	}
	if n := len(x.grams.keys); len(x.byKey) < n {
		x.byKey = append(x.byKey, make([][]int32, n-len(x.byKey))...)
	}
	l := x.byKey[p]
	i, found := slices.BinarySearch(l, e)
	switch {
	case add && !found:
		if len(l) == 0 {
			x.keyChanged(key)
			x.liveKeys++
		}
		x.byKey[p] = slices.Insert(l, i, e)
	case !add && found:
		l = slices.Delete(l, i, i+1)
		if len(l) == 0 {
			l = nil
			x.liveKeys--
			x.keyChanged(key)
		}
		x.byKey[p] = l
	}
}

func (x *Index) applySource(f Fact, delta int32) {
	_, r := x.source(f.Subject, delta > 0)
	if r == nil {
		return
	}
	switch f.Attr {
	case AttrType:
		was := r.exist > 0
		r.exist += delta
		r.isDoc = f.SubjectDoc
		if r.isDoc && was != (r.exist > 0) {
			if r.exist > 0 {
				x.docs++
			} else {
				x.docs--
			}
		}
	case AttrTitle:
		countAdd(&r.title, f.Object, delta)
	case AttrURL:
		countAdd(&r.url, f.Object, delta)
	case AttrFile:
		countAdd(&r.file, f.Object, delta)
	case AttrIdent:
		countAdd(&r.ident, f.Object, delta)
	case AttrExtractor:
		countAdd(&r.extractor, f.Object, delta)
	case AttrBytes:
		if delta > 0 {
			r.bytes = f.Int
		}
	case AttrDate:
		countAdd(&r.dates, f.Date.Format(time.RFC3339), delta)
		r.date = time.Time{}
		if len(r.dates) > 0 {
			r.date = parseDate(r.dates[0].s)
		}
	}
}

func (x *Index) applyEdge(sid string, p ontology.Predicate, oid, label string, delta int32) {
	pi := predIndex[p]
	si, sr := x.entity(sid, delta > 0)
	oi, or := x.entity(oid, delta > 0)
	if sr == nil || or == nil {
		return
	}
	li, _ := x.source(label, delta > 0)
	if li < 0 {
		return
	}
	created, removed := edgeAdd(&sr.out, pi, oi, li, delta)
	edgeAdd(&or.in, pi, si, li, delta)
	if created {
		x.edges++
	}
	if removed {
		x.edges--
	}
}

func edgeLess(a edge, pred uint8, other int32) int {
	if a.pred != pred {
		return int(a.pred) - int(pred)
	}
	return int(a.other - other)
}

// edgeAdd adds or removes one label of the edge (pred, other) in list. It
// reports whether the edge appeared or disappeared.
func edgeAdd(list *[]edge, pred uint8, other, label int32, delta int32) (created, removed bool) {
	l := *list
	i, found := slices.BinarySearchFunc(l, struct{}{}, func(e edge, _ struct{}) int { return edgeLess(e, pred, other) })
	if delta > 0 {
		if !found {
			*list = slices.Insert(l, i, edge{other: other, pred: pred, labels: []int32{label}})
			return true, false
		}
		j, has := slices.BinarySearch(l[i].labels, label)
		if !has {
			l[i].labels = slices.Insert(l[i].labels, j, label)
		}
		return false, false
	}
	if !found {
		return false, false
	}
	j, has := slices.BinarySearch(l[i].labels, label)
	if has {
		l[i].labels = slices.Delete(l[i].labels, j, j+1)
	}
	if len(l[i].labels) == 0 {
		*list = slices.Delete(l, i, i+1)
		return false, true
	}
	return false, false
}

// parseDate reads a date as the index stores it (RFC 3339), or a plain
// date; the zero time when it is neither.
func parseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
