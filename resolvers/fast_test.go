package resolvers

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/newsgraph/newsgraph/resolvers/generated"
)

// FuzzAppendQuoted: the fast path quotes strings exactly as gqlgen does,
// for any bytes (control characters, quotes, backslashes, invalid UTF-8,
// and lengths around the eight-byte steps).
func FuzzAppendQuoted(f *testing.F) {
	for _, s := range []string{"", "a", "APT40", `say "hi"`, `back\slash`, "tab\there", "line\nbreak\r", "\x00\x01\x1f\x7f",
		"ünïcödé — ok", "\xff\xfe invalid", "12345678", "1234567\"", "12345678\n", "Ministry of State Security (MSS)\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		if got := appendQuoted(nil, s); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendQuoted(%q) = %s, gqlgen writes %s", s, got, want.Bytes())
		}
	})
}

func TestAppendTime(t *testing.T) {
	for _, tm := range []time.Time{{}, time.Date(2021, 7, 19, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 13, 4, 5, 123456789, time.FixedZone("x", 3600))} {
		var want bytes.Buffer
		graphql.MarshalTime(tm).MarshalGQL(&want)
		if got := appendTime(nil, tm); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendTime(%v) = %s, gqlgen writes %s", tm, got, want.Bytes())
		}
	}
}

// schemaFiles parses ../schema after edit has changed its text.
func schemaFiles(t *testing.T, edit func(string) string) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob("../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	var srcs []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, &ast.Source{Name: f, Input: edit(string(b))})
	}
	s, err := gqlparser.LoadSchema(srcs...)
	if err != nil {
		t.Fatalf("edited schema does not load: %v", err)
	}
	return s
}

// addField adds a field to an object type of the schema.
func addField(typ, field string) func(string) string {
	re := regexp.MustCompile(`(?m)^type ` + typ + `\b[^{]*\{\n`)
	return func(s string) string { return re.ReplaceAllString(s, "${0}  "+field+"\n") }
}

// TestFastPathDrift: the fast path's view of the schema (fastSpecs) must
// follow the schema and gqlgen's resolvers; any change to a type it writes
// fails until the fast path has been taught about it.
func TestFastPathDrift(t *testing.T) {
	generatedFields := resolverFields(reflect.TypeFor[generated.ResolverRoot]())
	withResolver := func(typ, field string) func(string) []string {
		return func(name string) []string {
			out := generatedFields(name)
			if name == typ {
				out = append(out, strings.ToLower(field))
			}
			return out
		}
	}
	same := func(s string) string { return s }
	tests := []struct {
		name      string
		edit      func(string) string
		resolvers func(string) []string
		want      string // in the error; "" for none
	}{
		{"the schema as it is", same, generatedFields, ""},
		{"a field added to Entity", addField("Entity", "extra: Int"), generatedFields, "Entity.extra is in the schema"},
		{"a field added to Relation", addField("Relation", "extra: String"), generatedFields, "Relation.extra is in the schema"},
		{"a field added to Subgraph", addField("Subgraph", "extra: [Entity!]!"), generatedFields, "Subgraph.extra is in the schema"},
		{"a field added to Path", addField("Path", "weight: Float"), generatedFields, "Path.weight is in the schema"},
		{"a field added to Omission", addField("Omission", "extra: Int"), generatedFields, "Omission.extra is in the schema"},
		{"a planned field changes type", func(s string) string { return strings.Replace(s, "  sources: Int!\n", "  sources: Float!\n", 1) },
			generatedFields, "Relation.sources is Float! in the schema"},
		{"a planned field becomes nullable", func(s string) string {
			return strings.Replace(s, "  truncated: Boolean!\n", "  truncated: Boolean\n", 1)
		},
			generatedFields, "Subgraph.truncated is Boolean in the schema"},
		{"a planned field is removed", func(s string) string { return strings.Replace(s, "  \"Number of hops.\"\n  length: Int!\n", "", 1) },
			generatedFields, "Path.length is in the fast path's specs but not in the schema"},
		{"a root field gains an argument", func(s string) string {
			return strings.Replace(s, "paths(from: ID!, to: ID!,", "paths(from: ID!, to: ID!, via: ID,", 1)
		},
			generatedFields, "Query.paths takes (from, to, via,"},
		{"a resolver forced on a planned field", same, withResolver("Relation", "cameo"), "Relation.cameo: gqlgen uses a resolver: true"},
		{"a resolver forced on an entity's name", same, withResolver("Entity", "name"), "Entity.name: gqlgen uses a resolver: true"},
		{"a resolver forced on a path's length", same, withResolver("Path", "length"), "Path.length: gqlgen uses a resolver: true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkFastTypes(fastSpecs(), schemaFiles(t, tt.edit), tt.resolvers)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected drift: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("drift not detected, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// TestFastPathMatchesGenerated: the fast path validates against the schema
// gqlgen generated and the generated resolver interfaces, as the handler
// does when it starts.
func TestFastPathMatchesGenerated(t *testing.T) {
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})
	f := (&Resolver{}).FastPath(nil, nil)
	if err := f.Validate(es); err != nil {
		t.Fatal(err)
	}
	if got := f.types["Relation"].implements; !slices.Equal(got, []string{"Relation", "Node"}) {
		t.Errorf("Relation implements %v", got)
	}
	rf := resolverFields(reflect.TypeFor[generated.ResolverRoot]())
	for _, tc := range []struct {
		typ, field string
		want       bool
	}{{"Relation", "confidence", true}, {"Relation", "cameo", false}, {"Query", "neighborhood", true}, {"Entity", "name", false}, {"Path", "length", false}} {
		if got := slices.Contains(rf(tc.typ), tc.field); got != tc.want {
			t.Errorf("%s.%s has a resolver: %v, want %v", tc.typ, tc.field, got, tc.want)
		}
	}
}
