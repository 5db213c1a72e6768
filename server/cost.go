package server

import (
	"context"
	"fmt"
	"weak"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	hclru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// An operation's depth and complexity depend on its document and on the
// values of the variables the complexity functions read (setComplexity: only
// Int arguments, such as first and limit). Clients send the same documents
// again and again with other IDs (the explorer's neighborhood of whatever
// was clicked), so the cost of an operation is kept by its definition, which
// the document cache hands out for the same query text, and by the values of
// all its variables but IDs and Strings. Walking the operation with gqlgen's
// complexity walker every time cost about a twentieth of a 2-hop
// neighborhood's round trip on ATT&CK.

// costKey identifies an operation's cost: the operation, by a weak pointer
// (the cache keeps no document alive, and a weak pointer is never equal to
// one of another object, even at the same address after a collection), and
// its cost-bearing variables.
type costKey struct {
	op   weak.Pointer[ast.OperationDefinition]
	vars string
}

// cost is an operation's nesting depth and complexity.
type cost struct{ depth, complexity int }

// costs remembers the cost of recent operations.
type costs struct{ lru *hclru.Cache[costKey, cost] }

// newCosts returns a cache of the costs of up to size operations.
func newCosts(size int) *costs {
	c, err := hclru.New[costKey, cost](size)
	if err != nil {
		panic(fmt.Sprintf("server: cost cache of %d: %v", size, err)) // size is ours, > 0
	}
	return &costs{lru: c}
}

// of returns the depth and complexity of operation o with vars in schema es.
func (c *costs) of(ctx context.Context, es graphql.ExecutableSchema, o *ast.OperationDefinition, frags ast.FragmentDefinitionList, vars map[string]any) cost {
	key := costKey{op: weak.Make(o), vars: costVars(o, vars)}
	if got, ok := c.lru.Get(key); ok {
		return got
	}
	got := cost{depth: depth(o.SelectionSet, frags), complexity: complexity.Calculate(ctx, es, o, vars)}
	c.lru.Add(key, got)
	return got
}

// costVars writes the values of o's variables that can change its cost:
// every one but a non-list ID or String.
func costVars(o *ast.OperationDefinition, vars map[string]any) string {
	var b []byte
	for _, v := range o.VariableDefinitions {
		if t := v.Type; t.Elem == nil && (t.NamedType == "ID" || t.NamedType == "String") {
			continue
		}
		b = fmt.Appendf(b, "%s=%#v;", v.Variable, vars[v.Variable])
	}
	return string(b)
}
