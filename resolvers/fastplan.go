package resolvers

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// fastKind says how a planned field is written.
type fastKind uint8

const (
	fDecline fastKind = iota // the fast path leaves an operation selecting it to gqlgen
	fTypename
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

// fieldSpec is what the fast path expects of a field of the schema.
type fieldSpec struct {
	kind fastKind
	// typ is the field's type as the schema writes it ("[Entity!]!"): the
	// shape the fast path writes. Declined fields leave it empty.
	typ string
	// args are the field's argument names in the schema's order, which the
	// fast path reads (fastargs.go).
	args []string
	// resolver says whether gqlgen calls a resolver for the field: the
	// root fields are resolvers the fast path stands in for; every other
	// planned field must be a field or method of the model, which the fast
	// path reads the same way.
	resolver bool
}

// typeSpec lists the fields of an object type the fast path writes.
type typeSpec struct {
	// complete says that fields lists every field of the type, planned or
	// declined: a field added to the schema fails checkFastTypes until the
	// fast path has learnt it (or learnt to decline it). Query is not
	// complete: a root field it does not list declines.
	complete bool
	fields   map[string]fieldSpec
}

// fastSpecs is the fast path's view of the schema. checkFastTypes holds it
// against the schema gqlgen serves and the resolvers gqlgen generated.
func fastSpecs() map[string]typeSpec {
	declined := fieldSpec{kind: fDecline}
	return map[string]typeSpec{
		"Query": {fields: map[string]fieldSpec{
			"neighborhood": {kind: fNeighborhood, typ: "Subgraph!", resolver: true,
				args: []string{"ids", "depth", "predicates", "types", "direction", "from", "to", "minConfidence", "limit", "fanout"}},
			"paths": {kind: fPaths, typ: "[Path!]!", resolver: true,
				args: []string{"from", "to", "maxDepth", "first", "predicates", "direction"}},
		}},
		"Subgraph": {complete: true, fields: map[string]fieldSpec{
			"nodes":     {kind: fNodes, typ: "[Entity!]!"},
			"edges":     {kind: fEdges, typ: "[Relation!]!"},
			"truncated": {kind: fTruncated, typ: "Boolean!"},
			"omitted":   {kind: fOmitted, typ: "[Omission!]!"},
			"cytoscape": declined,
			"export":    declined,
		}},
		"Omission": {complete: true, fields: map[string]fieldSpec{
			"entity": {kind: fOmissionEntity, typ: "Entity!"},
			"count":  {kind: fOmissionCount, typ: "Int!"},
		}},
		"Path": {complete: true, fields: map[string]fieldSpec{
			"nodes":  {kind: fNodes, typ: "[Entity!]!"},
			"edges":  {kind: fEdges, typ: "[Relation!]!"},
			"length": {kind: fLength, typ: "Int!"},
		}},
		"Entity": {complete: true, fields: map[string]fieldSpec{
			"id":             {kind: fEntityID, typ: "ID!"},
			"name":           {kind: fEntityName, typ: "String!"},
			"type":           {kind: fEntityType, typ: "EntityType!"},
			"aliases":        declined,
			"description":    declined,
			"roles":          declined,
			"externalRefs":   declined,
			"relations":      declined,
			"relationCounts": declined,
			"neighborCounts": declined,
			"neighbors":      declined,
			"firstSeen":      declined,
			"lastSeen":       declined,
			"aliasSources":   declined,
			"mentionCount":   declined,
			"documents":      declined,
			"timeline":       declined,
			"reliability":    declined,
			"notes":          declined,
			"merges":         declined,
		}},
		"Relation": {complete: true, fields: map[string]fieldSpec{
			"id":         {kind: fRelationID, typ: "ID!"},
			"predicate":  {kind: fRelationPredicate, typ: "Predicate!"},
			"subject":    {kind: fRelationSubject, typ: "Entity!"},
			"object":     {kind: fRelationObject, typ: "Entity!"},
			"sources":    {kind: fRelationSources, typ: "Int!"},
			"firstSeen":  {kind: fRelationFirstSeen, typ: "Time"},
			"lastSeen":   {kind: fRelationLastSeen, typ: "Time"},
			"cameo":      {kind: fRelationCameo, typ: "String"},
			"stixType":   {kind: fRelationStixType, typ: "String"},
			"about":      declined,
			"confidence": declined,
			"evidence":   declined,
			"claims":     declined,
			"support":    declined,
			"notes":      declined,
			"disputed":   declined,
			"disputes":   declined,
		}},
	}
}

// fastType is an object type as the fast path plans it: its implementors
// (as gqlgen's CollectFields wants them) and its planned fields.
type fastType struct {
	implements []string
	fields     map[string]fastSpec
}

// fastSpec is a planned field: how it is written and, for an object or a
// list of objects, the object type.
type fastSpec struct {
	kind fastKind
	obj  string
}

// resolverFields returns, for an object type, the names of its fields that
// gqlgen resolves with a resolver (lower-cased), as the generated
// ResolverRoot (root) declares them.
func resolverFields(root reflect.Type) func(typ string) []string {
	return func(typ string) []string {
		m, ok := root.MethodByName(typ)
		if !ok || m.Type.NumOut() != 1 {
			return nil
		}
		iface := m.Type.Out(0)
		out := make([]string, 0, iface.NumMethod())
		for i := 0; i < iface.NumMethod(); i++ {
			out = append(out, strings.ToLower(iface.Method(i).Name))
		}
		return out
	}
}

// checkFastTypes holds specs against a schema and the resolvers gqlgen
// generated for it (resolvers gives the lower-cased names of the fields of
// a type that have a resolver) and returns the fast path's plan tables. It
// fails when they have drifted apart: a field of a complete type the specs
// do not list, a planned field that is missing, of another type, has other
// arguments, or gained (or lost) a resolver, or an object type a planned
// field leads to that has no spec.
func checkFastTypes(specs map[string]typeSpec, schema *ast.Schema, resolvers func(typ string) []string) (map[string]fastType, error) {
	out := make(map[string]fastType, len(specs))
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for name, spec := range specs {
		def := schema.Types[name]
		if def == nil || def.Kind != ast.Object {
			bad("%s is not an object type of the schema", name)
			continue
		}
		ft := fastType{implements: implementors(schema, def), fields: map[string]fastSpec{}}
		withResolver := resolvers(name)
		if spec.complete {
			for _, f := range def.Fields {
				if _, ok := spec.fields[f.Name]; !ok && !strings.HasPrefix(f.Name, "__") {
					bad("%s.%s is in the schema but not in the fast path's specs", name, f.Name)
				}
			}
		}
		for fname, fs := range spec.fields {
			f := def.Fields.ForName(fname)
			if f == nil {
				bad("%s.%s is in the fast path's specs but not in the schema", name, fname)
				continue
			}
			if fs.kind == fDecline {
				continue
			}
			if got := f.Type.String(); got != fs.typ {
				bad("%s.%s is %s in the schema, the fast path writes %s", name, fname, got, fs.typ)
			}
			var args []string
			for _, a := range f.Arguments {
				args = append(args, a.Name)
			}
			if !slices.Equal(args, fs.args) {
				bad("%s.%s takes (%s), the fast path reads (%s)", name, fname, strings.Join(args, ", "), strings.Join(fs.args, ", "))
			}
			if has := slices.Contains(withResolver, strings.ToLower(fname)); has != fs.resolver {
				bad("%s.%s: gqlgen uses a resolver: %v, the fast path expects %v", name, fname, has, fs.resolver)
			}
			planned := fastSpec{kind: fs.kind}
			if t := schema.Types[f.Type.Name()]; t != nil && t.Kind == ast.Object {
				if _, ok := specs[t.Name]; !ok {
					bad("%s.%s leads to %s, which the fast path has no spec for", name, fname, t.Name)
				}
				planned.obj = t.Name
			}
			ft.fields[fname] = planned
		}
		out[name] = ft
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("resolvers: the fast path does not match the schema: %s", strings.Join(problems, "; "))
	}
	return out, nil
}

// implementors lists an object type, its interfaces and the unions it
// belongs to, as gqlgen's generated code does.
func implementors(schema *ast.Schema, def *ast.Definition) []string {
	out := append([]string{def.Name}, def.Interfaces...)
	for _, u := range schema.Types {
		if u.Kind == ast.Union && slices.Contains(u.Types, def.Name) {
			out = append(out, u.Name)
		}
	}
	return out
}

// fastField is one field of a plan: its JSON key, what to write, and the plan
// of its selection when it is an object or a list of objects.
type fastField struct {
	key   []byte // "alias":
	kind  fastKind
	name  string // the type name, for __typename
	sub   []fastField
	field *ast.Field // root fields: the arguments and the position
	alias string     // root fields: the error's path
}

// plan compiles a selection set on an object type; ok is false when a
// field is outside the fast path's reach.
func plan(types map[string]fastType, op *graphql.OperationContext, sel ast.SelectionSet, typ string) ([]fastField, bool) {
	t, ok := types[typ]
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
		ff := fastField{key: append(appendQuoted(nil, c.Alias), ':'), field: c.Field, alias: c.Alias}
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
		if spec.obj != "" {
			if ff.sub, ok = plan(types, op, c.Selections, spec.obj); !ok {
				return nil, false
			}
		}
		out = append(out, ff)
	}
	return out, true
}
