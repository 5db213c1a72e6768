package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// The fast path executes the traversal queries an explorer and a script send
// most (neighborhood and paths, with the fields of entities and relations
// that their structs already hold) without gqlgen's per-field machinery.
// gqlgen spends some microseconds on every field of every list element (a
// field context, a goroutine, a field set); a 2-hop neighborhood of 200
// entities and 400 relations is thousands of fields, several times the
// traversal itself. The fast path compiles the selection set once per
// request into a plan and writes the JSON straight from the store's answer.
//
// It is an optimization only: the answer is byte for byte what gqlgen
// writes (fast_test.go compares them on many queries), and anything outside
// its reach (another root field, a field with a resolver that reads the
// store, @defer, a mutation, a store error) makes it decline, and gqlgen
// executes the operation as usual. Validation, the complexity and depth
// limits and persisted queries have run before it is asked.

// fastKind says how a planned field is written.
type fastKind uint8

const (
	fTypename fastKind = iota
	fNeighborhood
	fPaths
	fNodes // Subgraph.nodes, Path.nodes
	fEdges // Subgraph.edges, Path.edges
	fTruncated
	fOmitted
	fOmissionEntity
	fOmissionCount
	fLength
	fEntityID
	fEntityName
	fEntityType
	fRelationID
	fRelationPredicate
	fRelationSubject
	fRelationObject
	fRelationSources
	fRelationFirstSeen
	fRelationLastSeen
	fRelationCameo
	fRelationStixType
)

// fastField is one field of a plan: its JSON key, what to write, and the plan
// of its selection when it is an object or a list of objects.
type fastField struct {
	key   []byte // "alias":
	kind  fastKind
	name  string // the type name, for __typename
	sub   []fastField
	field *ast.Field // root fields: the arguments
}

// fastTypes maps each object type the fast path knows to its implementors
// (as gqlgen's CollectFields wants them) and its fields.
var fastTypes = map[string]struct {
	implements []string
	fields     map[string]struct {
		kind fastKind
		typ  string // object type of the field's value, "" for leaves
	}
}{}

func init() {
	type f = struct {
		kind fastKind
		typ  string
	}
	add := func(name string, implements []string, fields map[string]f) {
		fastTypes[name] = struct {
			implements []string
			fields     map[string]struct {
				kind fastKind
				typ  string
			}
		}{implements, fields}
	}
	add("Query", []string{"Query"}, map[string]f{
		"neighborhood": {fNeighborhood, "Subgraph"},
		"paths":        {fPaths, "Path"},
	})
	add("Subgraph", []string{"Subgraph"}, map[string]f{
		"nodes":     {fNodes, "Entity"},
		"edges":     {fEdges, "Relation"},
		"truncated": {fTruncated, ""},
		"omitted":   {fOmitted, "Omission"},
	})
	add("Omission", []string{"Omission"}, map[string]f{
		"entity": {fOmissionEntity, "Entity"},
		"count":  {fOmissionCount, ""},
	})
	add("Path", []string{"Path"}, map[string]f{
		"nodes":  {fNodes, "Entity"},
		"edges":  {fEdges, "Relation"},
		"length": {fLength, ""},
	})
	add("Entity", []string{"Entity", "Node"}, map[string]f{
		"id":   {fEntityID, ""},
		"name": {fEntityName, ""},
		"type": {fEntityType, ""},
	})
	add("Relation", []string{"Relation", "Node"}, map[string]f{
		"id":        {fRelationID, ""},
		"predicate": {fRelationPredicate, ""},
		"subject":   {fRelationSubject, "Entity"},
		"object":    {fRelationObject, "Entity"},
		"sources":   {fRelationSources, ""},
		"firstSeen": {fRelationFirstSeen, ""},
		"lastSeen":  {fRelationLastSeen, ""},
		"cameo":     {fRelationCameo, ""},
		"stixType":  {fRelationStixType, ""},
	})
}

// plan compiles a selection set on an object type; ok is false when a
// field is outside the fast path's reach.
func plan(op *graphql.OperationContext, sel ast.SelectionSet, typ string) ([]fastField, bool) {
	t, ok := fastTypes[typ]
	if !ok {
		return nil, false
	}
	collected := graphql.CollectFields(op, sel, t.implements)
	out := make([]fastField, 0, len(collected))
	seen := make(map[string]bool, len(collected))
	for _, c := range collected {
		if len(c.Deferrables) > 0 {
			return nil, false
		}
		if seen[c.Alias] {
			continue // gqlgen writes the first field of an alias only
		}
		seen[c.Alias] = true
		ff := fastField{key: append(appendQuoted(nil, c.Alias), ':'), field: c.Field}
		if c.Name == "__typename" {
			ff.kind, ff.name = fTypename, typ
			out = append(out, ff)
			continue
		}
		spec, ok := t.fields[c.Name]
		if !ok {
			return nil, false
		}
		ff.kind = spec.kind
		if spec.typ != "" {
			if ff.sub, ok = plan(op, c.Selections, spec.typ); !ok {
				return nil, false
			}
		}
		out = append(out, ff)
	}
	return out, true
}

var fastBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// ExecuteFast runs a query operation on the fast path and returns the whole
// response, {"data": …}; ok is false when the fast path declines and gqlgen
// must execute the operation. The returned bytes are valid until release
// is called.
func (r *Resolver) ExecuteFast(ctx context.Context, op *graphql.OperationContext) (data []byte, release func(), ok bool) {
	if op == nil || op.Operation == nil || op.Operation.Operation != ast.Query {
		return nil, nil, false
	}
	root, ok := plan(op, op.Operation.SelectionSet, "Query")
	if !ok || len(root) == 0 {
		return nil, nil, false
	}
	bp := fastBuffers.Get().(*[]byte)
	buf := (*bp)[:0]
	release = func() {
		if cap(buf) <= 4<<20 { // a rare huge answer is not kept
			*bp = buf[:0]
			fastBuffers.Put(bp)
		}
	}
	buf = append(buf, `{"data":{`...)
	for i, f := range root {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f.key...)
		switch f.kind {
		case fTypename:
			buf = appendQuoted(buf, "Query")
		case fNeighborhood:
			q, ok := neighborhoodArgs(f.field.ArgumentMap(op.Variables))
			if !ok {
				release()
				return nil, nil, false
			}
			sg, err := r.Store.Neighborhood(ctx, q)
			if err != nil {
				release()
				return nil, nil, false
			}
			m := subgraph(sg)
			if buf, ok = writePart(buf, f.sub, part{nodes: m.Nodes, edges: m.Edges, truncated: m.Truncated, omitted: m.Omitted}); !ok {
				release()
				return nil, nil, false
			}
		case fPaths:
			q, ok := pathArgs(f.field.ArgumentMap(op.Variables))
			if !ok {
				release()
				return nil, nil, false
			}
			paths, err := r.Store.Paths(ctx, q)
			if err != nil {
				release()
				return nil, nil, false
			}
			buf = append(buf, '[')
			for j, p := range paths {
				if j > 0 {
					buf = append(buf, ',')
				}
				mp := modelPath(p)
				if buf, ok = writePart(buf, f.sub, part{nodes: mp.Nodes, edges: mp.Edges, length: mp.Length}); !ok {
					release()
					return nil, nil, false
				}
			}
			buf = append(buf, ']')
		default:
			release()
			return nil, nil, false
		}
	}
	buf = append(buf, '}', '}')
	return buf, release, true
}

// part is a subgraph or a path: what writePart writes.
type part struct {
	nodes     []graph.Entity
	edges     []graph.Relation
	truncated bool
	omitted   []model.Omission
	length    int
}

// writePart writes a Subgraph or a Path object with the planned fields.
func writePart(buf []byte, fields []fastField, p part) ([]byte, bool) {
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
			if buf, ok = writeRelations(buf, f.sub, p.edges); !ok {
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

func writeRelations(buf []byte, fields []fastField, rs []graph.Relation) ([]byte, bool) {
	buf = append(buf, '[')
	for i := range rs {
		if i > 0 {
			buf = append(buf, ',')
		}
		rel := &rs[i]
		pj, ok := predicateJSON[rel.Predicate]
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

// predicateJSON holds, for each predicate, the JSON of its enum name and of
// its CAMEO code and STIX type (null where there is none).
var predicateJSON = func() map[ontology.Predicate]struct{ enum, cameo, stix []byte } {
	opt := func(s string) []byte {
		if s == "" {
			return []byte("null")
		}
		return appendQuoted(nil, s)
	}
	m := make(map[ontology.Predicate]struct{ enum, cameo, stix []byte }, len(ontology.Predicates))
	for _, p := range ontology.Predicates {
		m[p.Name] = struct{ enum, cameo, stix []byte }{appendQuoted(nil, p.Name.Enum()), opt(p.CAMEO), opt(p.STIX)}
	}
	return m
}()

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

// neighborhoodArgs converts the arguments of Query.neighborhood (defaults
// applied by ArgumentMap) the way the generated code does; ok is false for
// anything unexpected, and gqlgen then reports it.
func neighborhoodArgs(args map[string]any) (graph.NeighborhoodQuery, bool) {
	ids, ok := idList(args["ids"])
	if !ok {
		return graph.NeighborhoodQuery{}, false
	}
	depth, ok1 := optInt(args["depth"])
	limit, ok2 := optInt(args["limit"])
	fanout, ok3 := optInt(args["fanout"])
	preds, ok4 := predicateList(args["predicates"])
	types, ok5 := typeList(args["types"])
	dir, ok6 := optDirection(args["direction"])
	from, ok7 := optTimeArg(args["from"])
	to, ok8 := optTimeArg(args["to"])
	minConf, ok9 := optFloat(args["minConfidence"])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8 && ok9) {
		return graph.NeighborhoodQuery{}, false
	}
	return neighborhoodQuery(ids, depth, preds, types, dir, from, to, minConf, limit, fanout), true
}

// pathArgs converts the arguments of Query.paths.
func pathArgs(args map[string]any) (graph.PathQuery, bool) {
	from, ok1 := args["from"].(string)
	to, ok2 := args["to"].(string)
	maxDepth, ok3 := optInt(args["maxDepth"])
	first, ok4 := optInt(args["first"])
	preds, ok5 := predicateList(args["predicates"])
	dir, ok6 := optDirection(args["direction"])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return graph.PathQuery{}, false
	}
	return pathQuery(from, to, maxDepth, first, preds, dir), true
}

func idList(v any) ([]string, bool) {
	var out []string
	for _, x := range graphql.CoerceList(v) {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, out != nil
}

// optional converts an optional argument with conv: nil stays nil, and a
// value conv refuses makes the fast path decline.
func optional[T any](v any, conv func(any) (T, error)) (*T, bool) {
	if v == nil {
		return nil, true
	}
	x, err := conv(v)
	if err != nil {
		return nil, false
	}
	return &x, true
}

func optInt(v any) (*int, bool) {
	return optional(v, func(v any) (int, error) {
		switch n := v.(type) {
		case int64:
			return int(n), nil
		case int:
			return n, nil
		case json.Number:
			i, err := n.Int64()
			return int(i), err
		}
		return 0, fmt.Errorf("not an Int: %T", v)
	})
}

func optFloat(v any) (*float64, bool) { return optional(v, graphql.UnmarshalFloat) }

func optTimeArg(v any) (*time.Time, bool) { return optional(v, graphql.UnmarshalTime) }

func optDirection(v any) (*model.Direction, bool) {
	return optional(v, func(v any) (model.Direction, error) {
		var d model.Direction
		err := d.UnmarshalGQL(v)
		return d, err
	})
}

func predicateList(v any) ([]ontology.Predicate, bool) {
	if v == nil {
		return nil, true
	}
	list := graphql.CoerceList(v)
	out := make([]ontology.Predicate, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		p, ok := ontology.ParsePredicate(s)
		if !ok || p.Enum() != s {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

func typeList(v any) ([]ontology.EntityType, bool) {
	if v == nil {
		return nil, true
	}
	list := graphql.CoerceList(v)
	out := make([]ontology.EntityType, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok || !ontology.EntityType(s).Valid() {
			return nil, false
		}
		out = append(out, ontology.EntityType(s))
	}
	return out, true
}
