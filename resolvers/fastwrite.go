package resolvers

import (
	"strconv"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// The fast path's JSON writers: each writes what gqlgen's generated
// marshalers write for the same value and selection.

// part is a subgraph or a path: what writePart writes.
type part struct {
	elems     elements
	truncated bool
	length    int
}

// elements are the entities and relations of a part: a neighborhood's view
// (graph.SubgraphView, read in place) or a path's slices. Named gives an
// entity's ID, Name and Type, without building an Entity; Edge gives a
// relation with the positions of its ends among the nodes (its ID may be
// empty: see writeRelations) and Seen its dates (Edge's may be zero).
type elements interface {
	NodeCount() int
	NodeID(i int) string
	Named(i int) (id, name string, t ontology.EntityType)
	EdgeCount() int
	Edge(i int) (r graph.Relation, subject, object int)
	Seen(i int) (first, last time.Time)
}

// sliceElements are the elements of a path.
type sliceElements struct {
	nodes []graph.Entity
	edges []graph.Relation
}

func (s sliceElements) NodeCount() int      { return len(s.nodes) }
func (s sliceElements) NodeID(i int) string { return s.nodes[i].ID }
func (s sliceElements) EdgeCount() int      { return len(s.edges) }

func (s sliceElements) Named(i int) (string, string, ontology.EntityType) {
	e := &s.nodes[i]
	return e.ID, e.Name, e.Type
}

func (s sliceElements) Edge(i int) (graph.Relation, int, int) {
	r := s.edges[i]
	return r, s.position(r.Subject), s.position(r.Object)
}

func (s sliceElements) Seen(i int) (time.Time, time.Time) {
	return s.edges[i].FirstSeen, s.edges[i].LastSeen
}

// position finds an entity among a path's few nodes.
func (s sliceElements) position(id string) int {
	for i := range s.nodes {
		if s.nodes[i].ID == id {
			return i
		}
	}
	return -1
}

// viewOmissions lists a neighborhood's omissions in the order of its nodes,
// as subgraph does.
func viewOmissions(v *graph.SubgraphView) []model.Omission {
	var out []model.Omission
	if v == nil || len(v.Omitted) == 0 {
		return out
	}
	for i := range v.NodeCount() {
		if c, ok := v.Omitted[v.NodeID(i)]; ok {
			e := v.Node(i)
			out = append(out, model.Omission{Entity: &e, Count: c})
		}
	}
	return out
}

// writePart writes a Subgraph or a Path object with the planned fields.
func writePart(buf []byte, preds predicateTable, fields []fastField, p part) ([]byte, bool) {
	ok := true
	buf = append(buf, '{')
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f.key...)
		switch f.kind {
		case fTypename:
			buf = appendQuoted(buf, f.name)
		case fNodes:
			buf = writeEntities(buf, f.sub, p.elems)
		case fEdges:
			if buf, ok = writeRelations(buf, preds, f.sub, p.elems); !ok {
				return buf, false
			}
		case fTruncated:
			buf = strconv.AppendBool(buf, p.truncated)
		case fLength:
			buf = strconv.AppendInt(buf, int64(p.length), 10)
		case fOmitted:
			v, _ := p.elems.(*graph.SubgraphView) // only a neighborhood has omissions
			if buf, ok = writeOmitted(buf, f.sub, viewOmissions(v)); !ok {
				return buf, false
			}
		default:
			return buf, false
		}
	}
	return append(buf, '}'), true
}

func writeOmitted(buf []byte, fields []fastField, omitted []model.Omission) ([]byte, bool) {
	buf = append(buf, '[')
	for j, o := range omitted {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '{')
		for k, f := range fields {
			if k > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, f.key...)
			switch f.kind {
			case fTypename:
				buf = appendQuoted(buf, f.name)
			case fOmissionEntity:
				if o.Entity == nil {
					return buf, false
				}
				buf = writeEntity(buf, f.sub, o.Entity.ID, o.Entity.Name, o.Entity.Type)
			case fOmissionCount:
				buf = strconv.AppendInt(buf, int64(o.Count), 10)
			}
		}
		buf = append(buf, '}')
	}
	return append(buf, ']'), true
}

func writeEntities(buf []byte, fields []fastField, el elements) []byte {
	buf = append(buf, '[')
	for i := range el.NodeCount() {
		if i > 0 {
			buf = append(buf, ',')
		}
		id, name, t := el.Named(i)
		buf = writeEntity(buf, fields, id, name, t)
	}
	return append(buf, ']')
}

// writeEntityAt writes node i of el, reading no more of it than its ID when
// no more is asked for (a relation's ends usually).
func writeEntityAt(buf []byte, fields []fastField, el elements, i int) []byte {
	if idOnly(fields) {
		return writeEntity(buf, fields, el.NodeID(i), "", "")
	}
	id, name, t := el.Named(i)
	return writeEntity(buf, fields, id, name, t)
}

// idOnly reports whether an entity selection asks for nothing beyond its ID
// and __typename.
func idOnly(fields []fastField) bool {
	for i := range fields {
		if k := fields[i].kind; k != fEntityID && k != fTypename {
			return false
		}
	}
	return true
}

// ends remembers where a relation end of one field (subject, object or an
// alias of either) was first written in the answer, by node position, so
// that it is copied from there the next time: an entity is the end of
// several relations in most answers, and its ID is then checked for escapes
// and written once.
type ends struct {
	at []uint64 // start<<32 | end in buf, 0 for not yet written
}

// write writes node i with the selection fields, or copies its earlier
// writing.
func (c *ends) write(buf []byte, fields []fastField, el elements, i int) []byte {
	if c.at == nil {
		c.at = make([]uint64, el.NodeCount())
	}
	if span := c.at[i]; span != 0 {
		return append(buf, buf[span>>32:uint32(span)]...)
	}
	start := len(buf)
	buf = writeEntityAt(buf, fields, el, i)
	if uint64(len(buf)) < 1<<32 {
		c.at[i] = uint64(start)<<32 | uint64(len(buf))
	}
	return buf
}

// writeEntity writes an entity with the selection fields.
func writeEntity(buf []byte, fields []fastField, id, name string, t ontology.EntityType) []byte {
	buf = append(buf, '{')
	for i := range fields {
		f := &fields[i]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f.key...)
		switch f.kind {
		case fTypename:
			buf = appendQuoted(buf, f.name)
		case fEntityID:
			buf = appendQuoted(buf, id)
		case fEntityName:
			buf = appendQuoted(buf, name)
		case fEntityType:
			buf = append(buf, typeJSON(t)...)
		}
	}
	return append(buf, '}')
}

// typeJSONs holds the JSON of each entity type's enum value.
var typeJSONs = func() map[ontology.EntityType][]byte {
	m := make(map[ontology.EntityType][]byte, len(ontology.EntityTypes))
	for _, t := range ontology.EntityTypes {
		m[t] = appendQuoted(nil, string(t))
	}
	return m
}()

// typeJSON is the JSON of an entity type: "" for a type outside the
// ontology, as gqlgen's enum marshaler writes it.
func typeJSON(t ontology.EntityType) []byte {
	if b, ok := typeJSONs[t]; ok {
		return b
	}
	return []byte(`""`)
}

// writeRelations writes the relations of el. A relation without an ID (a
// view's) has it written from its ends: an ID's characters are never
// escaped.
func writeRelations(buf []byte, preds predicateTable, fields []fastField, el elements) ([]byte, bool) {
	buf = append(buf, '[')
	var (
		pred ontology.Predicate
		pj   predicateJSONs
	)
	written := make([]ends, len(fields)) // by field: an end's selection
	seen := seenDates{edge: -1}
	for i := range el.EdgeCount() {
		if i > 0 {
			buf = append(buf, ',')
		}
		rel, subject, object := el.Edge(i)
		if subject < 0 || object < 0 {
			return buf, false
		}
		if i == 0 || rel.Predicate != pred { // runs of one predicate are usual
			var ok bool
			if pj, ok = preds[rel.Predicate]; !ok {
				return buf, false
			}
			pred = rel.Predicate
		}
		buf = append(buf, '{')
		for j := range fields {
			f := &fields[j]
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, f.key...)
			switch f.kind {
			case fTypename:
				buf = appendQuoted(buf, f.name)
			case fRelationID:
				if rel.ID != "" {
					buf = appendQuoted(buf, rel.ID)
				} else {
					buf = append(graph.AppendRelationID(append(buf, '"'), rel.Subject, rel.Predicate, rel.Object), '"')
				}
			case fRelationPredicate:
				buf = append(buf, pj.enum...)
			case fRelationSubject:
				buf = written[j].write(buf, f.sub, el, subject)
			case fRelationObject:
				buf = written[j].write(buf, f.sub, el, object)
			case fRelationSources:
				buf = strconv.AppendInt(buf, int64(rel.Sources), 10)
			case fRelationFirstSeen:
				buf = appendTime(buf, seen.of(el, i).first)
			case fRelationLastSeen:
				buf = appendTime(buf, seen.of(el, i).last)
			case fRelationCameo:
				buf = append(buf, pj.cameo...)
			case fRelationStixType:
				buf = append(buf, pj.stix...)
			}
		}
		buf = append(buf, '}')
	}
	return append(buf, ']'), true
}

// seenDates are the first and last dates of one relation, read once
// however many fields (and aliases) ask for them.
type seenDates struct {
	edge        int // the relation they are of, -1 for none yet
	first, last time.Time
}

// of returns relation i's dates, reading them on the first call.
func (d *seenDates) of(el elements, i int) *seenDates {
	if d.edge != i {
		d.edge = i
		d.first, d.last = el.Seen(i)
	}
	return d
}

// predicateTable holds, for each predicate, the JSON of its enum name and of
// its CAMEO code and STIX type (null where there is none).
type predicateTable map[ontology.Predicate]predicateJSONs

// predicateJSONs are the JSON forms of a predicate.
type predicateJSONs struct{ enum, cameo, stix []byte }

// predicateJSON builds the predicate table from the ontology.
func predicateJSON() predicateTable {
	opt := func(s string) []byte {
		if s == "" {
			return []byte("null")
		}
		return appendQuoted(nil, s)
	}
	m := make(predicateTable, len(ontology.Predicates))
	for _, p := range ontology.Predicates {
		m[p.Name] = predicateJSONs{appendQuoted(nil, p.Name.Enum()), opt(p.CAMEO), opt(p.STIX)}
	}
	return m
}

// appendTime writes a Time the way gqlgen's MarshalTime does, null for zero.
func appendTime(buf []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(buf, "null"...)
	}
	return strconv.AppendQuote(buf, t.Format(time.RFC3339Nano))
}

// appendQuoted writes s as a JSON string with the escapes gqlgen's string
// marshaler uses: \t \r \n \\ \" and \u00XX for other control characters;
// everything else, including bytes of invalid UTF-8, as it is. Eight bytes
// at a time are checked for anything to escape (most strings have nothing).
func appendQuoted(buf []byte, s string) []byte {
	if clean(s) {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	const hex = "0123456789ABCDEF" // gqlgen writes upper-case hex
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !needsEscape8(load8(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		i++
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		buf = append(buf, s[start:i-1]...)
		switch c {
		case '\t':
			buf = append(buf, `\t`...)
		case '\r':
			buf = append(buf, `\r`...)
		case '\n':
			buf = append(buf, `\n`...)
		case '\\':
			buf = append(buf, `\\`...)
		case '"':
			buf = append(buf, `\"`...)
		default:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// clean reports whether s has nothing to escape, a word at a time (the
// last word overlaps the one before it when the length is not a multiple
// of eight).
func clean(s string) bool {
	n := len(s)
	if n < 8 {
		for i := 0; i < n; i++ {
			if c := s[i]; c < 0x20 || c == '\\' || c == '"' {
				return false
			}
		}
		return true
	}
	for i := 0; i+8 <= n; i += 8 {
		if needsEscape8(load8(s, i)) {
			return false
		}
	}
	return !needsEscape8(load8(s, n-8))
}

// load8 reads the eight bytes of s at i as a little-endian word (the
// compiler makes this one load).
func load8(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// needsEscape8 reports whether any of the eight bytes of w is below 0x20, a
// quote or a backslash (the usual "has a zero byte" bit trick, exact for
// whether one exists).
func needsEscape8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	hasZero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	less20 := (w - 0x20*ones) & ^w & highs
	return less20|hasZero(w^('"'*ones))|hasZero(w^('\\'*ones)) != 0
}
