package stix

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Kind is the graph.Source kind of imported bundles, and the extractor
// name of the claims they bring.
const Kind = "stix"

// ObjectNS is the IRI namespace of STIX objects in the importer's
// bookkeeping quads: for every object a bundle brought,
//
//	<ObjectNS + stix id> <graph.NS + "stixModified"> "its modified timestamp" <bundle>
//	<ObjectNS + stix id> <graph.NS + "stixEntity"> <the entity it became> <bundle>   (entities only)
//
// so that a later bundle with a newer version of the object can find and
// replace the older one.
const ObjectNS = "https://newsgraph.dev/stix/"

var (
	pModified = quad.IRI(graph.NS + "stixModified")
	pEntity   = quad.IRI(graph.NS + "stixEntity")
)

// Summary says what importing one bundle did.
type Summary struct {
	// Source is the ID of the structured source the bundle became,
	// "stix:" + the bundle's id.
	Source      string
	SpecVersion string
	// Objects is the number of objects read.
	Objects int
	// Imported counts the objects imported as entities, by STIX type.
	Imported map[string]int
	// Relationships is the number of relationships imported as claims.
	Relationships int
	// Reports is the number of reports imported as documents.
	Reports int
	// Revoked and Deprecated count the objects skipped as such.
	Revoked, Deprecated int
	// Unmapped counts skipped objects of types that are not entities here
	// (indicator, course-of-action, marking-definition…), by type.
	Unmapped map[string]int
	// Dangling counts relationships skipped because an end is not an
	// imported entity (a revoked technique, an indicator) or both ends are
	// one entity.
	Dangling int
	// Invalid counts objects without the properties their type needs (an
	// id, a name, a relationship's ends) or with mistyped properties.
	Invalid int
	// Superseded counts objects skipped because a newer version of them is
	// stored from another bundle; Replaced counts older versions in other
	// bundles that this bundle's objects replaced.
	Superseded, Replaced int
	// Existed is true when the bundle was stored before (an earlier import
	// of it, or another file with the same bundle id): its quads are then
	// replaced by this file's.
	Existed bool
	// Added and Removed count quads.
	Added, Removed int
	Duration       time.Duration
}

// ImportedTotal is the number of objects imported as entities.
func (s Summary) ImportedTotal() int {
	n := 0
	for _, c := range s.Imported {
		n += c
	}
	return n
}

// entObj is an object that becomes an entity.
type entObj struct {
	id, modified string
	typ          ontology.EntityType
	name         string
	aliases      []string
	desc         string
	refs         []graph.ExternalRef
	roles        []string
	xid          string // x_newsgraph_id
	mitreID      string
	stixType     string
	entity       string // resolved entity ID
}

// relObj is a relationship.
type relObj struct {
	id, modified   string
	relType, xPred string
	source, target string
	confidence     float64
}

// reportObj is a report.
type reportObj struct {
	id, modified          string
	name, published, desc string
	url                   string
	refs                  []string
}

// version is one stored version of an object: the bundle that brought it
// and its modified timestamp.
type version struct {
	source, modified string
}

// importer holds one import's state.
type importer struct {
	store *graph.Store
	name  string
	sum   Summary

	ents    []*entObj
	rels    []*relObj
	reports []*reportObj
	seen    map[string]int    // stix id → index in ents, rels or reports (by kind)
	gone    map[string]string // revoked or deprecated id → modified
	ids     []string          // every object id, for a bundle without an id
}

// Import reads one STIX 2.0 or 2.1 bundle from r and writes it to the store
// as the structured source "stix:<bundle id>"; name (a file name) is the
// source's name. See the package documentation and ONTOLOGY.md for the
// mapping. Importing the same bundle again changes nothing; a bundle with a
// newer version of an object (same id, later modified) than another stored
// bundle replaces that older version.
func Import(ctx context.Context, store *graph.Store, r io.Reader, name string) (Summary, error) {
	start := time.Now()
	im := &importer{store: store, name: name, seen: map[string]int{}, gone: map[string]string{}}
	im.sum.Imported = map[string]int{}
	im.sum.Unmapped = map[string]int{}
	h, err := Decode(r, func(o *Object) error {
		im.add(o)
		return ctx.Err()
	})
	if err != nil {
		return im.sum, err
	}
	if h.SpecVersion != "" {
		im.sum.SpecVersion = h.SpecVersion
	}
	id := h.ID
	if h.Lone || id == "" {
		if h.Type != "" && h.Type != "bundle" && len(im.ids) == 1 {
			id = im.ids[0]
		} else {
			id = "bundle--" + hashHex(strings.Join(im.ids, "\n"))[:32]
		}
	}
	im.sum.Source = "stix:" + id
	if strings.ContainsAny(id, " <>\"{}|\\^`\n\t") {
		return im.sum, fmt.Errorf("stix: bundle id %q has characters not allowed in an IRI", clip(id))
	}
	err = im.write(ctx)
	im.sum.Duration = time.Since(start)
	return im.sum, err
}

// add takes one decoded object.
func (im *importer) add(o *Object) {
	im.sum.Objects++
	if o.Err != nil || o.Type == "" || o.ID == "" {
		im.sum.Invalid++
		return
	}
	im.ids = append(im.ids, o.ID)
	if o.SpecVersion != "" && im.sum.SpecVersion == "" {
		im.sum.SpecVersion = o.SpecVersion
	}
	modified := o.Modified
	if modified == "" {
		modified = o.Created
	}
	if o.Revoked || o.XMitreDeprecated {
		if o.Revoked {
			im.sum.Revoked++
		} else {
			im.sum.Deprecated++
		}
		if m, ok := im.gone[o.ID]; !ok || newer(modified, m) > 0 {
			im.gone[o.ID] = modified
		}
		return
	}
	switch o.Type {
	case "relationship":
		if o.SourceRef == "" || o.TargetRef == "" || strings.TrimSpace(o.RelationshipType) == "" {
			im.sum.Invalid++
			return
		}
		conf := 1.0
		if o.Confidence != nil {
			conf = min(max(*o.Confidence/100, 0), 1)
		}
		r := &relObj{id: o.ID, modified: modified, relType: o.RelationshipType, xPred: o.XNewsgraphPredicate,
			source: o.SourceRef, target: o.TargetRef, confidence: conf}
		if i, ok := im.seen[o.ID]; ok {
			if newer(modified, im.rels[i].modified) > 0 {
				im.rels[i] = r
			}
			return
		}
		im.seen[o.ID] = len(im.rels)
		im.rels = append(im.rels, r)
	case "report":
		if graph.IsInvestigationID(o.XNewsgraphID) {
			// an analyst's investigation, not a source: it lives in the
			// store as a record, which a bundle does not restore
			im.sum.Unmapped["report (investigation)"]++
			return
		}
		r := &reportObj{id: o.ID, modified: modified, name: strings.TrimSpace(o.Name), published: o.Published,
			desc: strings.TrimSpace(o.Description), refs: o.ObjectRefs}
		for _, ref := range o.ExternalReferences {
			if ref.URL != "" {
				r.url = ref.URL
				break
			}
		}
		if i, ok := im.seen[o.ID]; ok {
			if newer(modified, im.reports[i].modified) > 0 {
				im.reports[i] = r
			}
			return
		}
		im.seen[o.ID] = len(im.reports)
		im.reports = append(im.reports, r)
	default:
		t, ok := entityType(o)
		if !ok {
			im.sum.Unmapped[o.Type]++
			return
		}
		name, extra := entityName(o, t)
		if name == "" {
			im.sum.Invalid++
			return
		}
		e := &entObj{id: o.ID, modified: modified, typ: t, name: name, desc: cleanDescription(o.Description),
			xid: o.XNewsgraphID, stixType: o.Type}
		e.refs = append(e.refs, graph.ExternalRef{Source: "stix", ExternalID: o.ID})
		aliases := append(extra, o.Aliases...)
		aliases = append(aliases, o.XMitreAliases...)
		aliases = append(aliases, o.XNewsgraphAliases...)
		for _, ref := range o.ExternalReferences {
			src, eid := refField(ref.SourceName), refField(ref.ExternalID)
			if src == "" || eid == "" {
				continue
			}
			e.refs = append(e.refs, graph.ExternalRef{Source: src, ExternalID: eid, URL: strings.TrimSpace(ref.URL)})
			switch {
			case src == "mitre-attack" && e.mitreID == "":
				e.mitreID = eid
				if t == ontology.AttackPattern {
					aliases = append(aliases, eid) // techniques are cited by ID: "T1190"
				}
			case src == "cve" && t == ontology.Vulnerability:
				aliases = append(aliases, eid)
			}
		}
		if t == ontology.Person {
			e.roles = dedupe(o.Roles, "")
		}
		e.aliases = dedupe(aliases, name)
		if i, ok := im.seen[o.ID]; ok {
			if newer(modified, im.ents[i].modified) > 0 {
				im.ents[i] = e
			}
			return
		}
		im.seen[o.ID] = len(im.ents)
		im.ents = append(im.ents, e)
	}
}

// selection is what a bundle brings that is imported: the live objects no
// stored newer version supersedes, and, by source, the older versions in
// other bundles that this bundle replaces.
type selection struct {
	ents    []*entObj
	rels    []*relObj
	reports []*reportObj
	prune   map[string]*pruneSet
}

// selectVersions keeps the objects of the bundle that are live and not
// superseded by a newer stored version, and collects the older versions in
// other bundles that they replace.
func (im *importer) selectVersions(versions map[string][]version) selection {
	src := im.sum.Source
	sel := selection{prune: map[string]*pruneSet{}}
	check := func(id, modified string) (keep bool) {
		var older []string
		for _, v := range versions[id] {
			if v.source == src {
				continue
			}
			switch c := newer(v.modified, modified); {
			case c > 0:
				return false
			case c < 0:
				older = append(older, v.source)
			}
		}
		for _, s := range older {
			if sel.prune[s] == nil {
				sel.prune[s] = &pruneSet{}
			}
			sel.prune[s].ids = append(sel.prune[s].ids, id)
			im.sum.Replaced++
		}
		return true
	}
	// keep reports whether an object of the bundle is imported: a version in
	// this bundle that revokes or deprecates an object wins over an older
	// active one in the same bundle
	keep := func(id, modified string) bool {
		if m, gone := im.gone[id]; gone && newer(modified, m) <= 0 {
			return false
		}
		if !check(id, modified) {
			im.sum.Superseded++
			return false
		}
		return true
	}
	for _, e := range im.ents {
		if keep(e.id, e.modified) {
			sel.ents = append(sel.ents, e)
		}
	}
	for _, r := range im.rels {
		if keep(r.id, r.modified) {
			sel.rels = append(sel.rels, r)
		}
	}
	for _, r := range im.reports {
		if keep(r.id, r.modified) {
			sel.reports = append(sel.reports, r)
		}
	}
	goneIDs := make([]string, 0, len(im.gone))
	for id := range im.gone {
		goneIDs = append(goneIDs, id)
	}
	sort.Strings(goneIDs)
	for _, id := range goneIDs {
		// a newer version that revokes or deprecates an object removes the
		// older versions other bundles brought; it is not imported itself
		check(id, im.gone[id])
	}
	return sel
}

// write stores what the bundle brings: the bundle's source (entities and
// relationships) replaced as a whole, its reports as documents, and the
// removal of the older versions it replaces in other bundles.
func (im *importer) write(ctx context.Context) error {
	src := im.sum.Source
	versions, entityOf, err := im.loadVersions(ctx)
	if err != nil {
		return err
	}
	sel := im.selectVersions(versions)
	subtechniqueNames(sel.ents)
	mine := map[string]string{}
	for k, ent := range entityOf {
		if k[0] == src {
			mine[k[1]] = ent
		}
	}
	res := newResolver(im.store)
	if err := res.load(ctx, mine); err != nil {
		return err
	}
	if err := res.resolve(ctx, sel.ents); err != nil {
		return err
	}
	endOf, claimOf, err := im.writeSource(ctx, sel, res)
	if err != nil {
		return err
	}
	for _, r := range sel.reports {
		if err := im.writeReport(ctx, r, endOf, claimOf, res); err != nil {
			return err
		}
	}
	if err := im.removeDroppedReports(ctx, versions); err != nil {
		return err
	}
	// older versions in other bundles
	sources := make([]string, 0, len(sel.prune))
	for s := range sel.prune {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	for _, s := range sources {
		n, err := im.store.PruneSource(ctx, s, sel.prune[s].build(s, versions, entityOf))
		im.sum.Removed += n
		if err != nil {
			return fmt.Errorf("stix: replace older versions in %s: %w", s, err)
		}
	}
	return nil
}

// endpoints finds the entity a relationship's end refers to, in the bundle
// or in the store, with its type.
type endpoints func(ref string) (string, ontology.EntityType, bool)

// writeSource replaces the bundle's source with its selected entities and
// relationships. It returns how relationship ends are found and the claim of
// each relationship, which the reports refer to.
func (im *importer) writeSource(ctx context.Context, sel selection, res *resolver) (endpoints, map[string]graph.Claim, error) {
	src := im.sum.Source
	b := &graph.Batch{Source: &graph.Source{ID: src, Name: im.sourceName(), Kind: Kind}}
	bb := newBatchBuilder(b, res)
	var extra []quad.Quad
	inBundle := map[string]*entObj{}
	for _, e := range sel.ents {
		inBundle[e.id] = e
		bb.entity(e)
		im.sum.Imported[e.stixType]++
		extra = append(extra,
			quad.Quad{Subject: objectIRI(e.id), Predicate: pModified, Object: quad.String(e.modified)},
			quad.Quad{Subject: objectIRI(e.id), Predicate: pEntity, Object: graph.EntityIRI(e.entity)})
	}
	endOf := func(ref string) (string, ontology.EntityType, bool) {
		if e, ok := inBundle[ref]; ok {
			return e.entity, e.typ, true
		}
		return res.stored(ref)
	}
	claimOf := map[string]graph.Claim{}
	for _, r := range sel.rels {
		s, st, ok1 := endOf(r.source)
		o, ot, ok2 := endOf(r.target)
		if !ok1 || !ok2 || s == o {
			im.sum.Dangling++
			continue
		}
		p, orig := predicateFor(r.relType, r.xPred, st, ot)
		c := graph.Claim{Subject: s, Predicate: p, Object: o, Confidence: r.confidence, Extractor: Kind, OriginalType: orig}
		if err := bb.need(ctx, s); err != nil {
			return nil, nil, err
		}
		if err := bb.need(ctx, o); err != nil {
			return nil, nil, err
		}
		claimOf[r.id] = c
		c.ID = claimID(src, r.id)
		b.Claims = append(b.Claims, c)
		im.sum.Relationships++
		extra = append(extra, quad.Quad{Subject: objectIRI(r.id), Predicate: pModified, Object: quad.String(r.modified)})
	}
	for _, r := range sel.reports {
		extra = append(extra, quad.Quad{Subject: objectIRI(r.id), Predicate: pModified, Object: quad.String(r.modified)})
	}
	bb.finish()
	wr, err := im.store.ReplaceSourceWith(ctx, b, extra)
	im.sum.Existed = !wr.Created
	im.sum.Added += wr.Added
	im.sum.Removed += wr.Removed
	if err != nil {
		return nil, nil, fmt.Errorf("stix: write %s: %w", src, err)
	}
	return endOf, claimOf, nil
}

// removeDroppedReports deletes the documents of reports that this bundle
// brought before, no longer has, and no other bundle brings.
func (im *importer) removeDroppedReports(ctx context.Context, versions map[string][]version) error {
	current := map[string]bool{}
	for _, r := range im.reports {
		current[r.id] = true
	}
	for id, vs := range versions {
		if !strings.HasPrefix(id, "report--") || current[id] {
			continue
		}
		mine, others := false, false
		for _, v := range vs {
			if v.source == im.sum.Source {
				mine = true
			} else {
				others = true
			}
		}
		if mine && !others {
			n, err := im.store.DeleteSource(ctx, reportDocID(id))
			if err != nil && !graph.IsNotFound(err) {
				return fmt.Errorf("stix: remove report %s: %w", id, err)
			}
			im.sum.Removed += n
		}
	}
	return nil
}

// writeReport writes one report as a document.
func (im *importer) writeReport(ctx context.Context, r *reportObj, endOf endpoints, claimOf map[string]graph.Claim, res *resolver) error {
	doc := graph.Document{ID: reportDocID(r.id), Title: r.name, URL: r.url, Source: im.sourceName(),
		Text: r.desc, Extractor: Kind, Bytes: len(r.desc)}
	if t, ok := parseTime(r.published); ok {
		doc.Published = t
	}
	b := &graph.Batch{Document: &doc}
	bb := newBatchBuilder(b, res)
	mentioned := map[string]bool{}
	for _, ref := range r.refs {
		if c, ok := claimOf[ref]; ok {
			if err := bb.need(ctx, c.Subject); err != nil {
				return err
			}
			if err := bb.need(ctx, c.Object); err != nil {
				return err
			}
			c.ID = claimID(doc.ID, ref)
			b.Claims = append(b.Claims, c)
			continue
		}
		eid, _, ok := endOf(ref)
		if !ok || mentioned[eid] {
			continue
		}
		mentioned[eid] = true
		if err := bb.need(ctx, eid); err != nil {
			return err
		}
		b.Mentions = append(b.Mentions, graph.Mention{Entity: eid, Text: bb.byID[eid].Name, Method: Kind})
	}
	bb.finish()
	wr, err := im.store.ReplaceSource(ctx, b)
	im.sum.Added += wr.Added
	im.sum.Removed += wr.Removed
	if err != nil {
		return fmt.Errorf("stix: write report %s: %w", r.id, err)
	}
	im.sum.Reports++
	return nil
}

func (im *importer) sourceName() string {
	if im.name != "" {
		return im.name
	}
	return strings.TrimPrefix(im.sum.Source, "stix:")
}

// loadVersions reads the bookkeeping quads of every stored bundle: the
// versions of each object, and the entity each (bundle, object) became.
func (im *importer) loadVersions(ctx context.Context) (map[string][]version, map[[2]string]string, error) {
	mods, err := im.store.QuadsWith(ctx, quad.Predicate, pModified)
	if err != nil {
		return nil, nil, fmt.Errorf("stix: read stored versions: %w", err)
	}
	versions := map[string][]version{}
	for _, q := range mods {
		id, ok1 := strings.CutPrefix(iriString(q.Subject), ObjectNS)
		src, ok2 := strings.CutPrefix(iriString(q.Label), graph.SourceNS)
		if ok1 && ok2 {
			versions[id] = append(versions[id], version{source: src, modified: quad.ToString(q.Object)})
		}
	}
	links, err := im.store.QuadsWith(ctx, quad.Predicate, pEntity)
	if err != nil {
		return nil, nil, fmt.Errorf("stix: read stored versions: %w", err)
	}
	entityOf := map[[2]string]string{}
	for _, q := range links {
		id, ok1 := strings.CutPrefix(iriString(q.Subject), ObjectNS)
		src, ok2 := strings.CutPrefix(iriString(q.Label), graph.SourceNS)
		ent, ok3 := strings.CutPrefix(iriString(q.Object), graph.EntityNS)
		if ok1 && ok2 && ok3 {
			entityOf[[2]string{src, id}] = ent
		}
	}
	return versions, entityOf, nil
}

// pruneSet is what one older bundle loses.
type pruneSet struct{ ids []string }

// build turns the replaced object IDs of source s into a graph.Prune: their
// bookkeeping nodes, the claims of relationships, and the attributes of
// entities that no other remaining object of s became.
func (p *pruneSet) build(s string, versions map[string][]version, entityOf map[[2]string]string) graph.Prune {
	var out graph.Prune
	drop := map[string]bool{}
	for _, id := range p.ids {
		drop[id] = true
		out.Nodes = append(out.Nodes, objectIRI(id))
		if strings.HasPrefix(id, "relationship--") {
			out.Claims = append(out.Claims, claimID(s, id))
		}
	}
	kept := map[string]bool{} // entities other objects of s still become
	for k, ent := range entityOf {
		if k[0] == s && !drop[k[1]] {
			kept[ent] = true
		}
	}
	seen := map[string]bool{}
	for _, id := range p.ids {
		if ent, ok := entityOf[[2]string{s, id}]; ok && !kept[ent] && !seen[ent] {
			seen[ent] = true
			out.Entities = append(out.Entities, ent)
		}
	}
	return out
}

// batchBuilder adds entities to a batch, merging objects that became one
// entity and adding the stored entities that claims and mentions name.
type batchBuilder struct {
	b     *graph.Batch
	res   *resolver
	byID  map[string]*graph.Entity
	order []string
}

func newBatchBuilder(b *graph.Batch, res *resolver) *batchBuilder {
	return &batchBuilder{b: b, res: res, byID: map[string]*graph.Entity{}}
}

func (bb *batchBuilder) add(e graph.Entity) *graph.Entity {
	p := &e
	bb.byID[e.ID] = p
	bb.order = append(bb.order, e.ID)
	return p
}

// entity adds an imported object's entity.
func (bb *batchBuilder) entity(e *entObj) {
	ge := bb.byID[e.entity]
	if ge == nil {
		ge = bb.add(graph.Entity{ID: e.entity, Name: e.name, Type: e.typ})
	} else if e.name != ge.Name {
		ge.Aliases = append(ge.Aliases, e.name)
	}
	ge.Aliases = dedupe(append(ge.Aliases, e.aliases...), ge.Name)
	ge.Roles = dedupe(append(ge.Roles, e.roles...), "")
	if ge.Description == "" {
		ge.Description = e.desc
	}
	ge.ExternalRefs = append(ge.ExternalRefs, e.refs...)
}

// need makes sure the batch has entity id, adding the stored entity's name
// and type if the batch does not bring it.
func (bb *batchBuilder) need(ctx context.Context, id string) error {
	if bb.byID[id] != nil {
		return nil
	}
	e, err := bb.res.entity(ctx, id)
	if err != nil {
		return err
	}
	bb.add(graph.Entity{ID: e.ID, Name: e.Name, Type: e.Type})
	return nil
}

// finish puts the entities into the batch.
func (bb *batchBuilder) finish() {
	bb.b.Entities = make([]graph.Entity, len(bb.order))
	for i, id := range bb.order {
		bb.b.Entities[i] = *bb.byID[id]
	}
}

// subtechniqueNames names ATT&CK sub-techniques as ATT&CK does, "Phishing:
// Spearphishing Link", since many share a short name with a sub-technique
// of another technique; the short name stays an alias.
func subtechniqueNames(ents []*entObj) {
	parents := map[string]string{}
	for _, e := range ents {
		if e.typ == ontology.AttackPattern && e.mitreID != "" && !strings.Contains(e.mitreID, ".") {
			parents[e.mitreID] = e.name
		}
	}
	for _, e := range ents {
		if e.typ != ontology.AttackPattern {
			continue
		}
		parentID, _, ok := strings.Cut(e.mitreID, ".")
		parent := parents[parentID]
		if !ok || parent == "" || strings.HasPrefix(e.name, parent+": ") {
			continue
		}
		e.aliases = dedupe(append(e.aliases, e.name), "")
		e.name = parent + ": " + e.name
		e.aliases = dedupe(e.aliases, e.name)
	}
}

// claimID is the claim ID of a relationship in a source: stable, so that
// the claim of a replaced relationship can be found and pruned.
func claimID(source, stixID string) string {
	return hashHex(source + "\x00" + stixID)[:24]
}

// reportDocID is the document ID of a report.
func reportDocID(stixID string) string {
	return "doc:" + hashHex("stix\x00" + stixID)[:32]
}

func objectIRI(id string) quad.IRI { return quad.IRI(ObjectNS + id) }

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func iriString(v quad.Value) string {
	if iri, ok := v.(quad.IRI); ok {
		return string(iri)
	}
	return ""
}

// newer compares two STIX timestamps: >0 if a is later than b. Missing or
// unparsable timestamps are the earliest.
func newer(a, b string) int {
	ta, oka := parseTime(a)
	tb, okb := parseTime(b)
	switch {
	case !oka && !okb:
		return 0
	case !oka:
		return -1
	case !okb:
		return 1
	}
	return ta.Compare(tb)
}

func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// refField cleans an external reference field for storage ("source|id|url").
func refField(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "|", "/")
}

// dedupe trims, drops empties, duplicates and except, keeping first order.
func dedupe(xs []string, except string) []string {
	seen := map[string]bool{except: true}
	var out []string
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x == "" || seen[x] {
			continue
		}
		seen[x] = true
		out = append(out, x)
	}
	return out
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
