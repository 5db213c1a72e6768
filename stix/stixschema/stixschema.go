// Package stixschema compiles the OASIS STIX 2.1 JSON schemas from a
// directory, for tests that validate what newsgraph writes (the export,
// the TAXII server). Every schema file is registered under its $id, so
// references resolve offline; formats (uri, date-time, …) are asserted.
package stixschema

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// bundleID is the $id of bundle.json.
const bundleID = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json"

// Schemas are the compiled STIX 2.1 schemas.
type Schemas struct {
	// Bundle is bundle.json's schema.
	Bundle *jsonschema.Schema
	// ByType is each object type's own schema (sdos/, sros/,
	// observables/).
	ByType map[string]*jsonschema.Schema
	// Listed are the types bundle.json lists; an object of another type
	// falls to its "custom object" branch, which no SDO can pass (it
	// matches both core and cyber-observable-core of a oneOf).
	Listed map[string]bool
}

// Load compiles the schemas under dir (the schemas/ folder of the OASIS
// cti-stix2-json-schemas repository).
func Load(dir string) (*Schemas, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("stixschema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ss := &Schemas{ByType: map[string]*jsonschema.Schema{}, Listed: map[string]bool{}}
	ids := map[string]string{} // type → $id of its own schema
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
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
			return fmt.Errorf("%s: %w", path, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if id == "" {
			return fmt.Errorf("%s has no $id", path)
		}
		if sub := filepath.Base(filepath.Dir(path)); sub == "sdos" || sub == "sros" || sub == "observables" {
			ids[strings.TrimSuffix(d.Name(), ".json")] = id
		}
		if d.Name() == "bundle.json" {
			ss.listBundleTypes(doc)
		}
		return c.AddResource(id, doc)
	})
	if err != nil {
		return nil, fmt.Errorf("stixschema: load %s: %w", dir, err)
	}
	if len(ids) < 35 || len(ss.Listed) < 30 {
		return nil, fmt.Errorf("stixschema: %s has %d object schemas and a bundle listing %d types", dir, len(ids), len(ss.Listed))
	}
	if ss.Bundle, err = c.Compile(bundleID); err != nil {
		return nil, fmt.Errorf("stixschema: compile bundle.json: %w", err)
	}
	for typ, id := range ids {
		if ss.ByType[typ], err = c.Compile(id); err != nil {
			return nil, fmt.Errorf("stixschema: compile %s: %w", typ, err)
		}
	}
	return ss, nil
}

// listBundleTypes records the object types bundle.json's objects list.
func (ss *Schemas) listBundleTypes(doc any) {
	items, _ := dig(doc, "properties", "objects", "items").(map[string]any)
	anyOf, _ := items["anyOf"].([]any)
	if len(anyOf) == 0 {
		return
	}
	oneOf, _ := anyOf[0].(map[string]any)["oneOf"].([]any)
	for _, ref := range oneOf {
		if r, ok := ref.(map[string]any)["$ref"].(string); ok {
			ss.Listed[strings.TrimSuffix(filepath.Base(r), ".json")] = true
		}
	}
}

// dig follows keys through nested JSON objects; nil when one is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
