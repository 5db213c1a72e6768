package taxii_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsgraph/newsgraph/stix/stixschema"
)

// schemaDir holds the OASIS STIX 2.1 JSON schemas.
const schemaDir = "../../shared/data/stix2-json-schemas/schemas"

// stixSchemas are the OASIS STIX 2.1 schemas of each object type.
type stixSchemas struct{ *stixschema.Schemas }

func loadSchemas(t testing.TB) stixSchemas {
	t.Helper()
	ss, err := stixschema.Load(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	return stixSchemas{ss}
}

// validate checks an object against its type's schema.
func (ss stixSchemas) validate(t testing.TB, raw json.RawMessage) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := inst.(map[string]any)["type"].(string)
	sch := ss.ByType[typ]
	if sch == nil {
		t.Errorf("object of type %q has no schema: %.200s", typ, raw)
		return
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("invalid object %.300s: %v", raw, err)
	}
}
