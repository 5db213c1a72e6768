package export_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/stix"
	"github.com/newsgraph/newsgraph/stix/stixschema"
)

// schemaDir holds the OASIS STIX 2.1 JSON schemas.
const schemaDir = "../../shared/data/stix2-json-schemas/schemas"

// stixSchema loads the OASIS STIX 2.1 schemas, or skips without them.
func stixSchema(t testing.TB) *stixschema.Schemas {
	t.Helper()
	if _, err := os.Stat(schemaDir); err != nil {
		t.Skip("../shared/data/stix2-json-schemas is absent")
	}
	ss, err := stixschema.Load(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// validate checks every object against its type's own schema, and the
// bundle against bundle.json (without the objects of types bundle.json
// does not list: location). Failures name the object.
func validateBundle(t *testing.T, ss *stixschema.Schemas, bundle []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bundle))
	if err != nil {
		t.Fatal(err)
	}
	b := inst.(map[string]any)
	objs := b["objects"].([]any)
	var listed []any
	bad := 0
	for _, o := range objs {
		typ, _ := o.(map[string]any)["type"].(string)
		sch := ss.ByType[typ]
		if sch == nil {
			t.Errorf("object of type %q has no schema", typ)
			continue
		}
		if err := sch.Validate(o); err != nil {
			if bad++; bad <= 3 {
				js, _ := json.Marshal(o)
				t.Errorf("invalid object %.300s: %v", js, err)
			}
		}
		if ss.Listed[typ] {
			listed = append(listed, o)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d objects invalid", bad, len(objs))
	}
	b["objects"] = listed
	if err := ss.Bundle.Validate(b); err != nil {
		t.Errorf("bundle invalid: %.2000v", err)
	}
}

// TestSchemaCatchesErrors: the validator rejects what the STIX schemas
// forbid, so that a passing export means something.
func TestSchemaCatchesErrors(t *testing.T) {
	sch := stixSchema(t)
	good := `{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000001","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","relationship_type":"%s","source_ref":"intrusion-set--00000000-0000-4000-8000-000000000002","target_ref":"malware--00000000-0000-4000-8000-000000000003"}]}`
	for _, tc := range []struct {
		rel   string
		valid bool
	}{{"uses", true}, {"cooperates-with", true}, {"cooperates_with", false}, {"Uses", false}} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(good, "%s", tc.rel, 1)))
		if err := sch.Bundle.Validate(inst); (err == nil) != tc.valid {
			t.Errorf("relationship_type %q: valid %v, want %v (%v)", tc.rel, err == nil, tc.valid, err)
		}
	}
	for _, bad := range []string{
		`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[{"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000001","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"x"}]}`,                          // no is_family
		`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000001","created":"2021-01-01T00:00:00Z","modified":"2021-01-01T00:00:00.000Z","name":"x"}]}`,                  // no milliseconds
		`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000001","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"x","aliases":[]}]}`, // empty list
	} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err := sch.Bundle.Validate(inst); err == nil {
			t.Errorf("valid: %s", bad)
		}
	}
	// locations are checked against location.json: one needs a region, a
	// country or coordinates
	loc := `{"type":"location","spec_version":"2.1","id":"location--00000000-0000-4000-8000-000000000001","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"x"%s}`
	for extra, valid := range map[string]bool{"": false, `,"country":"CN"`: true, `,"latitude":1`: false} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(loc, "%s", extra, 1)))
		if err := sch.ByType["location"].Validate(inst); (err == nil) != valid {
			t.Errorf("location with %q: valid %v, want %v", extra, err == nil, valid)
		}
	}
}

// TestSTIXValid: the STIX export of the fixture, and of a subgraph,
// validates against the OASIS STIX 2.1 schemas.
func TestSTIXValid(t *testing.T) {
	sch := stixSchema(t)
	s := fixture(t)
	var b bytes.Buffer
	if err := export.Write(ctx, &b, s, export.STIX); err != nil {
		t.Fatal(err)
	}
	validateBundle(t, sch, b.Bytes())

	sub, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{"country:united-states"}, Depth: 1, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	g := &export.Graph{Entities: sub.Nodes, Relations: sub.Edges}
	if err := export.LoadEvidence(ctx, s, g); err != nil {
		t.Fatal(err)
	}
	if len(g.Documents) != 1 || g.Documents[0].Title != "US accuses Foo Group" {
		t.Errorf("subgraph documents %+v", g.Documents)
	}
	b.Reset()
	if err := export.WriteSTIX(&b, g); err != nil {
		t.Fatal(err)
	}
	validateBundle(t, sch, b.Bytes())
	if !bytes.Contains(b.Bytes(), []byte(`"relationship_type":"accuses"`)) || bytes.Contains(b.Bytes(), []byte(`"Foo Group Report"`)) {
		t.Errorf("subgraph bundle:\n%s", b.Bytes())
	}
}

// TestSTIXDeterministic: the same graph exports the same bytes, with ids
// that are UUIDv5 of newsgraph's IDs.
func TestSTIXDeterministic(t *testing.T) {
	var out [2][]byte
	for i := range out {
		s := fixture(t)
		var b bytes.Buffer
		if err := export.Write(ctx, &b, s, export.STIX); err != nil {
			t.Fatal(err)
		}
		out[i] = b.Bytes()
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("two exports of one graph differ")
	}
	var b bytes.Buffer
	stix.Write(&b, []graph.Entity{{ID: "threat-group:leviathan", Name: "Leviathan", Type: ontology.ThreatGroup}}, nil, stix.WriteOptions{})
	if !strings.Contains(b.String(), `"id":"intrusion-set--442b02b3-8dc9-5b1c-9e1f-8ae410090292"`) {
		t.Errorf("Leviathan's id is not UUIDv5 of its entity ID:\n%s", b.String())
	}
}

// TestSTIXRoundTrip: a STIX export imports into an empty store as the same
// entities (IDs, names, types, aliases) and relations.
func TestSTIXRoundTrip(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	if err := export.Write(ctx, &b, s, export.STIX); err != nil {
		t.Fatal(err)
	}
	s2 := memStore(t)
	sum, err := stix.Import(ctx, s2, bytes.NewReader(b.Bytes()), "export.json")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Invalid != 0 || sum.Dangling != 0 || sum.Reports != 2 {
		t.Errorf("summary %+v", sum)
	}
	e1, r1, _ := s.Snapshot(ctx)
	e2, r2, _ := s2.Snapshot(ctx)
	key := func(e graph.Entity) string {
		a := slices.Clone(e.Aliases)
		sort.Strings(a)
		return e.ID + "|" + e.Name + "|" + string(e.Type) + "|" + strings.Join(a, ",") + "|" + strings.Join(e.Roles, ",")
	}
	var k1, k2 []string
	for _, e := range e1 {
		k1 = append(k1, key(e))
	}
	for _, e := range e2 {
		k2 = append(k2, key(e))
	}
	if !slices.Equal(k1, k2) {
		t.Errorf("entities differ:\n%v\n%v", k1, k2)
	}
	var rk1, rk2 []string
	for _, r := range r1 {
		rk1 = append(rk1, r.ID)
	}
	for _, r := range r2 {
		rk2 = append(rk2, r.ID)
	}
	if !slices.Equal(rk1, rk2) {
		t.Errorf("relations differ:\n%v\n%v", rk1, rk2)
	}
	// related_to keeps its original type
	cs, _ := s2.Claims(ctx, []string{graph.RelationID("malware:evilrat", ontology.RelatedTo, "tool:mimikatz")})
	if c := cs[graph.RelationID("malware:evilrat", ontology.RelatedTo, "tool:mimikatz")]; len(c) != 1 || c[0].OriginalType != "variant-of" {
		t.Errorf("variant-of claims %+v", c)
	}
}

// TestSTIXAttack: all of ATT&CK, imported and exported, validates.
func TestSTIXAttack(t *testing.T) {
	if testing.Short() {
		t.Skip("imports ATT&CK")
	}
	const path = "../../shared/data/attack/enterprise-attack-v18.1.json.gz"
	f, err := os.Open(path)
	if err != nil {
		t.Skip("../shared/data/attack is absent")
	}
	defer f.Close()
	sch := stixSchema(t)
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	s := memStore(t)
	if _, err := stix.Import(ctx, s, zr, "attack"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.Write(ctx, &b, s, export.STIX); err != nil {
		t.Fatal(err)
	}
	validateBundle(t, sch, b.Bytes())
}

// TestSTIXValidCorpus: the STIX export of the sample corpus (real extracted
// claims, titles, URLs, dates) with the small bundle validates too.
func TestSTIXValidCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts the sample corpus")
	}
	sch := stixSchema(t)
	s := fixture(t)
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.New(s, ext, ingest.Options{}).IngestPaths(ctx, []string{"../data/corpus"}, nil)
	if err != nil || sum.Created < 10 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	var b bytes.Buffer
	if err := export.Write(ctx, &b, s, export.STIX); err != nil {
		t.Fatal(err)
	}
	validateBundle(t, sch, b.Bytes())
	if n := bytes.Count(b.Bytes(), []byte(`"type":"report"`)); n < sum.Created {
		t.Errorf("%d reports for %d articles", n, sum.Created)
	}
}
