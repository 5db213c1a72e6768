package stix

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Namespace is the UUIDv5 namespace of the STIX ids Write gives newsgraph's
// entities, relations and documents (itself UUIDv5 of the URL
// "https://newsgraph.dev/"): the same graph exports the same ids.
const Namespace = "3455851b-3153-5b7c-a14f-996e36c0d9ac"

// scoNamespace is the STIX 2.1 namespace for deterministic ids of cyber
// observables (the spec's section 2.9).
const scoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7"

// WriteOptions give Write what entities and relations alone do not say.
type WriteOptions struct {
	// Claims are the claims behind each relation, by relation ID. Their
	// evidence goes into the relationship (x_newsgraph_evidence, and the
	// first sentence as its description); a related_to relation becomes one
	// relationship per original STIX type. Optional.
	Claims map[string][]graph.Claim
	// Documents become report objects whose object_refs are the entities
	// their Mentions name and the relationships their claims state;
	// documents with neither are left out. Optional.
	Documents []graph.Document
	// Mentions are the mentions of each document, by document ID.
	Mentions map[string][]graph.Mention
	// Notes become note objects that refer to what their targets were
	// written as (an entity, a relation's relationships, a claim's
	// relation's relationships, a report); notes on anything left out of
	// the bundle are left out. Optional.
	Notes []graph.Note
	// Reports are analysts' reports (investigations) beside the
	// documents' ones. Optional.
	Reports []Report
	// Timestamp is the created and modified time of every object; zero
	// means the latest publication date in the data (or the Unix epoch), so
	// that the same graph exports the same bytes.
	Timestamp time.Time
}

// Write writes entities, relations and documents as one STIX 2.1 bundle:
// entities as SDOs (a PRODUCT as a software observable), relations as
// relationships (ONTOLOGY.md's STIX types, newsgraph's own predicates as
// custom types such as "accuses"), documents as reports. Ids are UUIDv5 of
// newsgraph's IDs; newsgraph's IDs, types and predicates are kept in
// x_newsgraph_* properties so that the bundle imports back to the same
// graph. Relations whose ends are not among ents are left out. One object
// is written per line.
func Write(w io.Writer, ents []graph.Entity, rels []graph.Relation, opts WriteOptions) error {
	objs := Objects(ents, rels, opts)
	ids := make([]string, len(objs))
	for i, o := range objs {
		ids[i] = o["id"].(string)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\"type\":\"bundle\",\"id\":%q,\"objects\":[", "bundle--"+uuid5(Namespace, "bundle\x00"+strings.Join(ids, "\x00")))
	for i, o := range objs {
		b, err := Marshal(o)
		if err != nil {
			return fmt.Errorf("stix: write %s: %w", ids[i], err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		bw.Write(b)
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("stix: write: %w", err)
	}
	return nil
}

// Objects returns the STIX 2.1 objects Write writes, in its order, each as
// its JSON object (Marshal encodes one).
func Objects(ents []graph.Entity, rels []graph.Relation, opts WriteOptions) []map[string]any {
	ts := opts.Timestamp
	if ts.IsZero() {
		ts = latest(rels, opts.Documents)
	}
	wr := &writer{ts: stamp(ts), sdoID: map[string]string{}, docs: map[string]graph.Document{}}
	for _, d := range opts.Documents {
		wr.docs[d.ID] = d
	}
	var objs []map[string]any
	for _, e := range ents {
		o := wr.entity(e)
		wr.sdoID[e.ID] = o["id"].(string)
		objs = append(objs, o)
	}
	relsOfDoc := map[string][]string{} // document → relationship and entity ids
	known := newRefs()
	for id, sdo := range wr.sdoID {
		known.add(id, sdo)
	}
	var written []graph.Relation
	for _, r := range rels {
		if wr.sdoID[r.Subject] == "" || wr.sdoID[r.Object] == "" {
			continue
		}
		written = append(written, r)
		for _, o := range wr.relationships(r, opts.Claims[r.ID]) {
			objs = append(objs, o)
			known.add(r.ID, o["id"].(string))
			for _, d := range o["x_newsgraph_documents"].([]string) {
				relsOfDoc[d] = append(relsOfDoc[d], o["id"].(string), o["source_ref"].(string), o["target_ref"].(string))
			}
			delete(o, "x_newsgraph_documents")
		}
	}
	for _, d := range opts.Documents {
		refs := relsOfDoc[d.ID]
		for _, m := range opts.Mentions[d.ID] {
			if id := wr.sdoID[m.Entity]; id != "" {
				refs = append(refs, id)
			}
		}
		if len(refs) == 0 {
			continue
		}
		objs = append(objs, wr.report(d, refs))
	}
	known.claims(opts.Claims)
	objs = append(objs, wr.reportObjects(opts.Reports, written, known)...)
	objs = append(objs, wr.noteObjects(opts.Notes, known)...)
	return objs
}

type writer struct {
	ts    string
	sdoID map[string]string // entity ID → STIX id
	docs  map[string]graph.Document
}

// sdoTypeOf is the STIX type of each entity type.
var sdoTypeOf = map[ontology.EntityType]string{
	ontology.Person:        "identity",
	ontology.Agency:        "identity",
	ontology.Organization:  "identity",
	ontology.Sector:        "identity",
	ontology.Country:       "location",
	ontology.Location:      "location",
	ontology.ThreatGroup:   "intrusion-set",
	ontology.Event:         "campaign",
	ontology.Malware:       "malware",
	ontology.Tool:          "tool",
	ontology.Vulnerability: "vulnerability",
	ontology.AttackPattern: "attack-pattern",
	ontology.Product:       "software",
}

// withAliases are the STIX types that have an aliases property; the others
// keep aliases in x_newsgraph_aliases.
var withAliases = map[string]bool{"intrusion-set": true, "threat-actor": true, "malware": true, "tool": true, "attack-pattern": true, "campaign": true}

var (
	cvePattern   = regexp.MustCompile(`^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$`)
	capecPattern = regexp.MustCompile(`^CAPEC-\d+$`)
	relPattern   = regexp.MustCompile(`^[a-z0-9-]+$`)
)

func (wr *writer) entity(e graph.Entity) map[string]any {
	typ := sdoTypeOf[e.Type]
	if typ == "" {
		typ = "identity"
	}
	o := map[string]any{"type": typ, "spec_version": "2.1", "name": e.Name,
		"x_newsgraph_id": e.ID, "x_newsgraph_type": string(e.Type)}
	if typ == "software" {
		// a cyber observable: deterministic id from its name, no timestamps
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(map[string]string{"name": e.Name})
		o["id"] = "software--" + uuid5(scoNamespace, strings.TrimSpace(buf.String()))
	} else {
		o["id"] = typ + "--" + uuid5(Namespace, e.ID)
		o["created"], o["modified"] = wr.ts, wr.ts
	}
	if e.Description != "" && typ != "software" {
		o["description"] = e.Description
	}
	if len(e.Aliases) > 0 {
		if withAliases[typ] {
			o["aliases"] = e.Aliases
		} else {
			o["x_newsgraph_aliases"] = e.Aliases
		}
	}
	switch e.Type {
	case ontology.Malware:
		o["is_family"] = true
	case ontology.Person:
		o["identity_class"] = "individual"
		if len(e.Roles) > 0 {
			o["roles"] = e.Roles
		}
	case ontology.Agency:
		o["identity_class"] = "organization"
		o["sectors"] = []string{"government-national"}
	case ontology.Organization:
		o["identity_class"] = "organization"
	case ontology.Sector:
		o["identity_class"] = "class"
	case ontology.Country:
		if code, ok := countryCode(e.Name, e.Aliases); ok {
			o["country"] = code
		} else {
			o["country"] = e.Name
		}
	case ontology.Location:
		o["region"] = e.Name
	}
	if typ != "software" {
		if refs := externalRefs(e); len(refs) > 0 {
			o["external_references"] = refs
		}
	}
	return o
}

// externalRefs turns an entity's references into STIX external references
// that the STIX 2.1 schema accepts (a CVE or CAPEC id must look like one).
func externalRefs(e graph.Entity) []ExternalReference {
	var out []ExternalReference
	seen := map[string]bool{}
	add := func(r ExternalReference) {
		k := r.SourceName + "|" + r.ExternalID + "|" + r.URL
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	if e.Type == ontology.Vulnerability && cvePattern.MatchString(e.Name) {
		add(ExternalReference{SourceName: "cve", ExternalID: e.Name})
	}
	for _, r := range e.ExternalRefs {
		x := ExternalReference{SourceName: r.Source, ExternalID: r.ExternalID, URL: validURL(r.URL)}
		switch {
		case x.SourceName == "":
			continue
		case x.SourceName == "cve" && !cvePattern.MatchString(x.ExternalID),
			x.SourceName == "capec" && !capecPattern.MatchString(x.ExternalID),
			x.SourceName != "cve" && x.SourceName != "capec" && (cvePattern.MatchString(x.ExternalID) || capecPattern.MatchString(x.ExternalID)):
			continue
		case x.ExternalID == "" && x.URL == "":
			continue
		}
		add(x)
	}
	return out
}

// relationships turns one relation into STIX relationships: one per
// original STIX type among its claims (ATT&CK's mitigates and
// subtechnique-of are both related_to here), else one.
func (wr *writer) relationships(r graph.Relation, claims []graph.Claim) []map[string]any {
	groups := map[string][]graph.Claim{}
	for _, c := range claims {
		t := stixRelType(r.Predicate)
		if c.OriginalType != "" && relPattern.MatchString(c.OriginalType) {
			t = c.OriginalType
		}
		groups[t] = append(groups[t], c)
	}
	if len(groups) == 0 {
		groups[stixRelType(r.Predicate)] = nil
	}
	types := make([]string, 0, len(groups))
	for t := range groups {
		types = append(types, t)
	}
	sort.Strings(types)
	var out []map[string]any
	for _, t := range types {
		cs := groups[t]
		conf := r.Confidence
		for _, c := range cs {
			conf = max(conf, c.Confidence)
		}
		o := map[string]any{"type": "relationship", "spec_version": "2.1",
			"id":      "relationship--" + uuid5(Namespace, r.ID+"\x00"+t),
			"created": wr.ts, "modified": wr.ts,
			"relationship_type":     t,
			"source_ref":            wr.sdoID[r.Subject],
			"target_ref":            wr.sdoID[r.Object],
			"confidence":            int(math.Round(min(max(conf, 0), 1) * 100)),
			"x_newsgraph_id":        r.ID,
			"x_newsgraph_predicate": string(r.Predicate),
		}
		if r.Sources > 0 {
			o["x_newsgraph_sources"] = r.Sources
		}
		if !r.FirstSeen.IsZero() {
			o["x_newsgraph_first_seen"] = stamp(r.FirstSeen)
			o["x_newsgraph_last_seen"] = stamp(r.LastSeen)
		}
		var evidence []map[string]any
		var refs []ExternalReference
		docs := []string{}
		seenURL := map[string]bool{}
		for _, c := range cs {
			ev := map[string]any{"source": c.Document, "confidence": c.Confidence}
			if c.Sentence != "" {
				ev["sentence"] = c.Sentence
				ev["start"], ev["end"] = c.Start, c.End
				if o["description"] == nil {
					o["description"] = c.Sentence
				}
			}
			if c.Extractor != "" {
				ev["extractor"] = c.Extractor
			}
			if c.About != "" {
				ev["about"] = c.About
				if id := wr.sdoID[c.About]; id != "" {
					ev["about_ref"] = id
				}
			}
			if !c.Published.IsZero() {
				ev["published"] = stamp(c.Published)
			}
			if d, ok := wr.docs[c.Document]; ok {
				docs = append(docs, d.ID)
				if d.Title != "" {
					ev["title"] = d.Title
				}
				if u := validURL(d.URL); u != "" && !seenURL[u] {
					seenURL[u] = true
					ev["url"] = u
					ref := ExternalReference{SourceName: "newsgraph", URL: u, Description: d.Title}
					refs = append(refs, ref)
				}
			}
			evidence = append(evidence, ev)
		}
		if len(evidence) > 0 {
			o["x_newsgraph_evidence"] = evidence
		}
		if len(refs) > 0 {
			o["external_references"] = refs
		}
		o["x_newsgraph_documents"] = docs // taken out by Write
		out = append(out, o)
	}
	return out
}

// report turns a document into a report that refers to refs.
func (wr *writer) report(d graph.Document, refs []string) map[string]any {
	sort.Strings(refs)
	refs = dedupe(refs, "")
	name := d.Title
	if name == "" {
		name = d.ID
	}
	published := wr.ts
	if !d.Published.IsZero() {
		published = stamp(d.Published)
	}
	o := map[string]any{"type": "report", "spec_version": "2.1",
		"id":      "report--" + uuid5(Namespace, d.ID),
		"created": wr.ts, "modified": wr.ts,
		"name": name, "published": published, "report_types": []string{"threat-report"},
		"object_refs": refs, "x_newsgraph_id": d.ID,
	}
	if u := validURL(d.URL); u != "" {
		o["external_references"] = []ExternalReference{{SourceName: "newsgraph", URL: u, Description: d.Title}}
	}
	if d.Source != "" {
		o["x_newsgraph_source"] = d.Source
	}
	return o
}

// latest returns the latest date in the data, or the Unix epoch.
func latest(rels []graph.Relation, docs []graph.Document) time.Time {
	var t time.Time
	for _, r := range rels {
		if r.LastSeen.After(t) {
			t = r.LastSeen
		}
	}
	for _, d := range docs {
		if d.Published.After(t) {
			t = d.Published
		}
	}
	if t.IsZero() {
		return time.Unix(0, 0)
	}
	return t
}

// stamp formats a STIX timestamp, UTC with milliseconds.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// validURL returns u if it is an absolute URI, else "".
func validURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || strings.ContainsAny(u, " \t\n") {
		return ""
	}
	return u
}

// Marshal encodes a STIX object without HTML escaping, dropping empty
// values (the STIX schemas refuse empty lists).
func Marshal(o map[string]any) ([]byte, error) {
	for k, v := range o {
		switch x := v.(type) {
		case string:
			if x == "" {
				delete(o, k)
			}
		case []string:
			if len(x) == 0 {
				delete(o, k)
			}
		case nil:
			delete(o, k)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// uuid5 returns the version 5 UUID of name in the namespace ns (a UUID in
// its text form).
func uuid5(ns, name string) string {
	nsb, _ := hex.DecodeString(strings.ReplaceAll(ns, "-", ""))
	h := sha1.New()
	h.Write(nsb)
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	s := hex.EncodeToString(u)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}
