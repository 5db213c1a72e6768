package graph_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/graph"
)

func TestParseNQuad(t *testing.T) {
	for _, tc := range []struct {
		line string
		want quad.Quad
		skip bool
		err  string
	}{
		{line: `<http://a/s> <http://a/p> <http://a/o> <http://a/g> .`,
			want: quad.Quad{Subject: quad.IRI("http://a/s"), Predicate: quad.IRI("http://a/p"), Object: quad.IRI("http://a/o"), Label: quad.IRI("http://a/g")}},
		{line: `<s> <p> "plain" .`, want: quad.Quad{Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: quad.String("plain")}},
		{line: "\t_:b1 <p> \"tab\\there \\\"quoted\\\" \\\\ \\u00e9\\U0001F600\\n\" _:g.\r\n",
			want: quad.Quad{Subject: quad.BNode("b1"), Predicate: quad.IRI("p"), Object: quad.String("tab\there \"quoted\" \\ é😀\n"), Label: quad.BNode("g")}},
		{line: `<s> <p> "chat"@fr-CA .`, want: quad.Quad{Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: quad.LangString{Value: "chat", Lang: "fr-CA"}}},
		{line: `<s> <p> "0.8"^^<http://www.w3.org/2001/XMLSchema#double> <g> . # comment`,
			want: quad.Quad{Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: quad.TypedString{Value: "0.8", Type: "http://www.w3.org/2001/XMLSchema#double"}, Label: quad.IRI("g")}},
		{line: `<s> <p> "2021-07-19"^^<http://www.w3.org/2001/XMLSchema#date> .`,
			want: quad.Quad{Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: quad.TypedString{Value: "2021-07-19", Type: "http://www.w3.org/2001/XMLSchema#date"}}},
		{line: `<s\u00e9> <p> <o> .`, want: quad.Quad{Subject: quad.IRI("sé"), Predicate: quad.IRI("p"), Object: quad.IRI("o")}},
		{line: "", skip: true},
		{line: "   # a comment", skip: true},
		{line: `<s> <p> <o>`, err: "does not end"},
		{line: `<s> <p> <o> . x`, err: "after the statement"},
		{line: `"lit" <p> <o> .`, err: "subject"},
		{line: `<s> "p" <o> .`, err: "predicate"},
		{line: `<s> <p> <o> "g" .`, err: "graph label"},
		{line: `<s> <p> "open .`, err: "not closed"},
		{line: `<s> <p> "bad \q" .`, err: "bad escape"},
		{line: `<s> <p> "\u12" .`, err: "bad unicode escape"},
		{line: `<s> <p> "\u12`, err: "short unicode"},
		{line: `<s> <p> "\uD800" .`, err: "bad unicode"},
		{line: `<s p> <p> <o> .`, err: "not allowed in an IRI"},
		{line: `<s\u0020p> <p> <o> .`, err: "not allowed in an IRI"},
		{line: `<> <p> <o> .`, err: "empty IRI"},
		{line: `<s> <p> <o`, err: "not closed"},
		{line: `_: <p> <o> .`, err: "empty blank node"},
		{line: `<s> <p> "x"@ .`, err: "language tag"},
		{line: `<s> <p>`, err: "end of line"},
	} {
		q, ok, err := graph.ParseNQuad(tc.line)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseNQuad(%q) error %v, want %q", tc.line, err, tc.err)
			}
		case err != nil:
			t.Errorf("ParseNQuad(%q): %v", tc.line, err)
		case ok == tc.skip:
			t.Errorf("ParseNQuad(%q) ok = %v", tc.line, ok)
		case !tc.skip && q.NQuad() != tc.want.NQuad():
			t.Errorf("ParseNQuad(%q) = %s, want %s", tc.line, q.NQuad(), tc.want.NQuad())
		}
	}
}

// TestNQuadsReader reads a file with the line numbers of errors, and what
// cayley's writer writes reads back to the same text.
func TestNQuadsReader(t *testing.T) {
	quads := []quad.Quad{
		{Subject: quad.IRI("https://newsgraph.dev/entity/country:china"), Predicate: quad.IRI("http://schema.org/name"), Object: quad.String("China \"PRC\"\n\t\\"), Label: quad.IRI("https://newsgraph.dev/doc/1")},
		{Subject: quad.IRI("https://newsgraph.dev/claim/1"), Predicate: quad.IRI("https://newsgraph.dev/ns#confidence"), Object: quad.Float(0.875), Label: quad.IRI("https://newsgraph.dev/doc/1")},
		{Subject: quad.IRI("https://newsgraph.dev/claim/1"), Predicate: quad.IRI("https://newsgraph.dev/ns#start"), Object: quad.Int(120), Label: quad.IRI("https://newsgraph.dev/doc/1")},
		{Subject: quad.IRI("https://newsgraph.dev/doc/1"), Predicate: quad.IRI("http://schema.org/headline"), Object: quad.String("ctl\x01\x7f bytes ü"), Label: quad.IRI("https://newsgraph.dev/doc/1")},
	}
	var b strings.Builder
	w := nquads.NewWriter(&b)
	for _, q := range quads {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	text := b.String()
	r := graph.NewNQuadsReader(strings.NewReader("# header\n\n" + text))
	for i, want := range quads {
		q, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if q.NQuad() != want.NQuad() {
			t.Errorf("quad %d = %s, want %s", i, q.NQuad(), want.NQuad())
		}
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("after the last quad: %v", err)
	}
	r = graph.NewNQuadsReader(strings.NewReader(text + "<s> <p> broken .\n"))
	var err error
	for err == nil {
		_, err = r.Read()
	}
	if err == io.EOF || !strings.Contains(err.Error(), "line 5") {
		t.Errorf("error %v, want one on line 5", err)
	}
}

// TestImportNQuads: a file with a syntax error writes nothing; a good file
// twice adds its quads once.
func TestImportNQuads(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	good := "<https://newsgraph.dev/entity/a> <http://schema.org/name> \"A\" <https://newsgraph.dev/source/x> .\n" +
		"<https://newsgraph.dev/entity/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://newsgraph.dev/ns#COUNTRY> <https://newsgraph.dev/source/x> .\n"
	if _, _, err := s.ImportNQuads(ctx, strings.NewReader(good+"oops\n")); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("bad file: %v", err)
	}
	if st, _ := s.Stats(ctx); st.Quads != 0 {
		t.Errorf("a bad file wrote %d quads", st.Quads)
	}
	for i, want := range []int{2, 0} {
		read, added, err := s.ImportNQuads(ctx, strings.NewReader(good))
		if err != nil || read != 2 || added != want {
			t.Errorf("import %d: read %d added %d err %v", i, read, added, err)
		}
	}
	if e, err := s.Entity(ctx, "a"); err != nil || e.Name != "A" || e.Type != "COUNTRY" {
		t.Errorf("entity A = %+v %v", e, err)
	}
}

// FuzzNQuads: the parser never panics, and what it parses prints back to
// N-Quads that parse to the same text.
func FuzzNQuads(f *testing.F) {
	for _, s := range []string{
		`<http://a/s> <http://a/p> <http://a/o> <http://a/g> .`,
		`_:b <p> "x\ty\u00e9\U0001F600"@en-GB .`,
		`<s> <p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <g> . # c`,
		`<s> <p> "a\"b\\c\n" .`,
		`# comment`,
		`<s\u0041> <p> _:o.`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		q, ok, err := graph.ParseNQuad(line)
		if err != nil || !ok {
			return
		}
		text := q.NQuad()
		q2, ok, err := graph.ParseNQuad(text)
		if err != nil || !ok {
			t.Fatalf("%q parsed to %s, which does not parse: %v", line, text, err)
		}
		if q2.NQuad() != text {
			t.Fatalf("%q: %s reparsed to %s", line, text, q2.NQuad())
		}
	})
}
