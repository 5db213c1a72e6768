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
	nodes     []graph.Entity
	edges     []graph.Relation
	truncated bool
	omitted   []model.Omission
	length    int
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
			buf = writeEntities(buf, f.sub, p.nodes)
		case fEdges:
			if buf, ok = writeRelations(buf, preds, f.sub, p.edges); !ok {
				return buf, false
			}
		case fTruncated:
			buf = strconv.AppendBool(buf, p.truncated)
		case fLength:
			buf = strconv.AppendInt(buf, int64(p.length), 10)
		case fOmitted:
			if buf, ok = writeOmitted(buf, f.sub, p.omitted); !ok {
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
				buf = writeEntity(buf, f.sub, o.Entity)
			case fOmissionCount:
				buf = strconv.AppendInt(buf, int64(o.Count), 10)
			}
		}
		buf = append(buf, '}')
	}
	return append(buf, ']'), true
}

func writeEntities(buf []byte, fields []fastField, es []graph.Entity) []byte {
	buf = append(buf, '[')
	for i := range es {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = writeEntity(buf, fields, &es[i])
	}
	return append(buf, ']')
}

func writeEntity(buf []byte, fields []fastField, e *graph.Entity) []byte {
	buf = append(buf, '{')
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f.key...)
		switch f.kind {
		case fTypename:
			buf = appendQuoted(buf, f.name)
		case fEntityID:
			buf = appendQuoted(buf, e.ID)
		case fEntityName:
			buf = appendQuoted(buf, e.Name)
		case fEntityType:
			if e.Type.Valid() {
				buf = appendQuoted(buf, string(e.Type))
			} else {
				buf = append(buf, `""`...) // what gqlgen's enum map gives an unknown type
			}
		}
	}
	return append(buf, '}')
}

func writeRelations(buf []byte, preds predicateTable, fields []fastField, rs []graph.Relation) ([]byte, bool) {
	buf = append(buf, '[')
	for i := range rs {
		if i > 0 {
			buf = append(buf, ',')
		}
		rel := &rs[i]
		pj, ok := preds[rel.Predicate]
		if !ok {
			return buf, false
		}
		buf = append(buf, '{')
		for j, f := range fields {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, f.key...)
			switch f.kind {
			case fTypename:
				buf = appendQuoted(buf, f.name)
			case fRelationID:
				buf = appendQuoted(buf, rel.ID)
			case fRelationPredicate:
				buf = append(buf, pj.enum...)
			case fRelationSubject:
				if rel.SubjectEntity == nil {
					return buf, false
				}
				buf = writeEntity(buf, f.sub, rel.SubjectEntity)
			case fRelationObject:
				if rel.ObjectEntity == nil {
					return buf, false
				}
				buf = writeEntity(buf, f.sub, rel.ObjectEntity)
			case fRelationSources:
				buf = strconv.AppendInt(buf, int64(rel.Sources), 10)
			case fRelationFirstSeen:
				buf = appendTime(buf, rel.FirstSeen)
			case fRelationLastSeen:
				buf = appendTime(buf, rel.LastSeen)
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

// predicateTable holds, for each predicate, the JSON of its enum name and of
// its CAMEO code and STIX type (null where there is none).
type predicateTable map[ontology.Predicate]struct{ enum, cameo, stix []byte }

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
		m[p.Name] = struct{ enum, cameo, stix []byte }{appendQuoted(nil, p.Name.Enum()), opt(p.CAMEO), opt(p.STIX)}
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
