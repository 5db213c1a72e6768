package taxii_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir holds the OASIS STIX 2.1 JSON schemas.
const schemaDir = "../../shared/data/stix2-json-schemas/schemas"

// stixSchemas are the OASIS STIX 2.1 schemas of each object type, compiled
// from disk (every file registered under its $id, so references resolve
// offline), formats asserted.
type stixSchemas map[string]*jsonschema.Schema

func loadSchemas(t testing.TB) stixSchemas {
	t.Helper()
	if _, err := os.Stat(schemaDir); err != nil {
		t.Skip("../shared/data/stix2-json-schemas is absent")
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ids := map[string]string{}
	err := filepath.WalkDir(schemaDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			return err
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if dir := filepath.Base(filepath.Dir(path)); dir == "sdos" || dir == "sros" || dir == "observables" {
			ids[strings.TrimSuffix(d.Name(), ".json")] = id
		}
		return c.AddResource(id, doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	ss := stixSchemas{}
	for typ, id := range ids {
		if ss[typ], err = c.Compile(id); err != nil {
			t.Fatal(err)
		}
	}
	if len(ss) < 35 {
		t.Fatalf("%d object schemas", len(ss))
	}
	return ss
}

// validate checks an object against its type's schema.
func (ss stixSchemas) validate(t testing.TB, raw json.RawMessage) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := inst.(map[string]any)["type"].(string)
	sch := ss[typ]
	if sch == nil {
		t.Errorf("object of type %q has no schema: %.200s", typ, raw)
		return
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("invalid object %.300s: %v", raw, err)
	}
}
