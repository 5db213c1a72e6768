package server

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/newsgraph/newsgraph/resolvers"
	"github.com/newsgraph/newsgraph/resolvers/generated"
)

// extCode returns the extensions.code of err, "" for no error.
func extCode(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	c, _ := err.Extensions["code"].(string)
	return c
}

// TestCheckTokens: the counts taken from the tokens alone match what the
// document defines, whatever names and comments it uses.
func TestCheckTokens(t *testing.T) {
	l := DefaultLimits
	l.MaxFragments, l.MaxDirectives, l.MaxVariables, l.MaxTokens = 2, 2, 2, 40
	tests := []struct {
		name, query, code string
	}{
		{"plain", `{ stats { quads } }`, ""},
		{"two fragments", `{ ...A ...B } fragment A on Query { stats { quads } } fragment B on Query { stats { quads } }`, ""},
		{"three fragments", `{ ...A } fragment A on Query { x } fragment B on Query { x } fragment C on Query { x }`, CodeFragmentLimit},
		{"fields and operations named fragment", `query fragment { fragment: stats { fragment } } fragment fragment on Query { x }`, ""},
		{"two variables and a variable in a directive", `query($a: Int, $b: Int) @x(if: $a) { x(a: $a, b: $b) }`, ""},
		{"three variables", `query($a: Int, $b: Int, $c: Int) { x }`, CodeVariableLimit},
		{"object values are not variables", `{ x(a: {b: 1, c: 2, d: 3}) }`, ""},
		{"three directives", `{ x @a @b @c }`, CodeDirectiveLimit},
		{"comments are not counted as definitions", "# fragment A on Query\n{ x }\n# fragment B\n# fragment C\n", ""},
		{"41 tokens", `{` + strings.Repeat(" x", 39) + ` }`, CodeTokenLimit},
		{"40 tokens", `{` + strings.Repeat(" x", 38) + ` }`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkTokens(context.Background(), &ast.Source{Input: tc.query}, l)
			if got := extCode(err); got != tc.code {
				t.Errorf("code %q (%v), want %q", got, err, tc.code)
			}
		})
	}
}

// TestCheckDocument: selections count fragments as often as they are
// spread (once each, however deep the chain), fields answering one key are
// counted through fragments and levels, and cycles are refused.
func TestCheckDocument(t *testing.T) {
	l := DefaultLimits
	l.MaxSelections, l.MaxMerged, l.MaxAliases = 20, 3, 3
	tests := []struct {
		name, query, code string
	}{
		{"small", `{ entity(name: "x") { id name } }`, ""},
		{"a fragment spread 4 times, 23 selections", `{ a: entity(name: "x") { ...F } b: entity(name: "x") { ...F } c: entity(name: "y") { ...F } entity(name: "z") { ...F } } fragment F on Entity { id name type }`, CodeSelectionLimit},
		{"a fragment spread 3 times, 18 selections", `{ a: entity(name: "x") { ...F } b: entity(name: "x") { ...F } entity(name: "z") { ...F } } fragment F on Entity { id name type }`, ""},
		{"4 aliases", `{ a: stats { quads } b: stats { quads } c: stats { quads } d: stats { quads } }`, CodeAliasLimit},
		{"3 fields for one key", `{ stats { quads quads quads } }`, ""},
		{"4 fields for one key, through fragments", `{ stats { quads ...A ...B } ...C } fragment A on Stats { quads } fragment B on Stats { quads } fragment C on Query { stats { quads } }`, CodeMergeLimit},
		{"a fragment spread twice counts once per key", `{ stats { quads ...A ...A } } fragment A on Stats { quads }`, ""},
		{"2 × 2 fields for one key below", `{ stats { quads } stats { quads } entity(name: "x") { id id } entity(name: "x") { id id } }`, CodeMergeLimit},
		{"1 + 2 fields for one key below", `{ entity(name: "x") { id } entity(name: "x") { id id } }`, ""},
		{"cycle", `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown fragment", `{ ...Nope }`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, perr := parser.ParseQuery(&ast.Source{Input: tc.query})
			if perr != nil {
				t.Fatal(perr)
			}
			err := checkDocument(context.Background(), doc, l)
			if got := extCode(err); got != tc.code {
				t.Errorf("code %q (%v), want %q", got, err, tc.code)
			}
		})
	}
}

// TestCheckInput: values and nesting are counted in the JSON text, strings
// (with escaped quotes and brackets) as one value each.
func TestCheckInput(t *testing.T) {
	l := DefaultLimits
	l.MaxInputValues, l.MaxInputDepth = 6, 2
	tests := []struct {
		name, json, code string
		envelope         bool
	}{
		{"6 values, keys included", `{"a": 1, "b": [true]}`, "", false},
		{"7 values", `{"a": 1, "b": [true, null, -2.5e3]}`, CodeInputLimit, false},
		{"depth 2", `{"a": [1]}`, "", false},
		{"depth 3", `{"a": [[1]]}`, CodeNestingLimit, false},
		{"brackets and quotes in strings", `{"a": "[[[{\"]]]"}`, "", false},
		{"depth 2 inside a body", `{"query": "{ x }", "variables": {"a": [1]}}`, "", true},
		{"depth 3 inside a body", `{"query": "{ x }", "variables": {"a": [[1]]}}`, CodeNestingLimit, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkInput(context.Background(), []byte(tc.json), l, tc.envelope)
			if got := extCode(err); got != tc.code {
				t.Errorf("code %q (%v), want %q", got, err, tc.code)
			}
		})
	}
}

// countdown is a context whose Err turns to Canceled after n calls.
type countdown struct {
	context.Context
	n, calls atomic.Int64
}

func (c *countdown) Err() error {
	if c.calls.Add(1) > c.n.Load() {
		return context.Canceled
	}
	return nil
}

// TestValidateStops: validation stops at the first check of the context
// after it has ended, not at the end of the document.
func TestValidateStops(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	query := `{` + strings.Repeat(` entity(name: "x") { id name relations { totalCount } }`, 500) + ` }`
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &countdown{Context: context.Background()}
	ctx.n.Store(100)
	valid, stop := validate(ctx, schema, doc)
	if valid || stop == nil || stop.Extensions["code"] != CodeTimeout {
		t.Fatalf("valid %v, stop %v: want a TIMEOUT", valid, stop)
	}
	if calls := ctx.calls.Load(); calls != 101 {
		t.Errorf("the context was checked %d times, want 101 (stop at the first check after it ended)", calls)
	}
	// and the same document, with a live context, is valid
	doc, _ = parser.ParseQuery(&ast.Source{Input: query})
	if valid, stop := validate(context.Background(), schema, doc); !valid || stop != nil {
		t.Errorf("valid %v, stop %v", valid, stop)
	}
	// a context that has ended stops the request before parsing
	done, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-done.Done()
	if _, err := parseChecked(done, query, DefaultLimits); err == nil || err.Extensions["code"] != CodeTimeout {
		t.Errorf("parse after the deadline: %v", err)
	}
}

// TestDepthOfFragmentChains: depth follows a chain of fragments each
// spreading the next twice in linear time.
func TestDepthOfFragmentChains(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{ entity(name: "x") { ...F0 } }`)
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, " fragment F%d on Entity { relations { edges { node { subject { ...F%d } object { ...F%d } } } } }", i, i+1, i+1)
	}
	b.WriteString(" fragment F60 on Entity { id }")
	doc, err := parser.ParseQuery(&ast.Source{Input: b.String()})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	d := depth(doc.Operations[0].SelectionSet, doc.Fragments)
	if d < 12 {
		t.Errorf("depth %d", d)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("depth took %v", el)
	}
}
