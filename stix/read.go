package stix

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Object is a STIX object as the importer reads it: the properties of the
// object types newsgraph maps, and nothing else (unknown properties are
// skipped while decoding).
type Object struct {
	Type        string   `json:"type"`
	ID          string   `json:"id"`
	SpecVersion string   `json:"spec_version"`
	Created     string   `json:"created"`
	Modified    string   `json:"modified"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Aliases     []string `json:"aliases"`
	// XMitreAliases are ATT&CK's aliases of software.
	XMitreAliases      []string            `json:"x_mitre_aliases"`
	Revoked            bool                `json:"revoked"`
	XMitreDeprecated   bool                `json:"x_mitre_deprecated"`
	Confidence         *float64            `json:"confidence"`
	ExternalReferences []ExternalReference `json:"external_references"`

	// identity
	IdentityClass string   `json:"identity_class"`
	Sectors       []string `json:"sectors"`
	Roles         []string `json:"roles"`

	// location
	Country            string   `json:"country"`
	Region             string   `json:"region"`
	AdministrativeArea string   `json:"administrative_area"`
	City               string   `json:"city"`
	StreetAddress      string   `json:"street_address"`
	Latitude           *float64 `json:"latitude"`
	Longitude          *float64 `json:"longitude"`

	// relationship
	RelationshipType string `json:"relationship_type"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`

	// report
	ObjectRefs []string `json:"object_refs"`
	Published  string   `json:"published"`

	// newsgraph's own properties, written by Write, so that an exported
	// bundle imports back to the same entities and predicates.
	XNewsgraphID        string   `json:"x_newsgraph_id"`
	XNewsgraphType      string   `json:"x_newsgraph_type"`
	XNewsgraphPredicate string   `json:"x_newsgraph_predicate"`
	XNewsgraphAliases   []string `json:"x_newsgraph_aliases"`

	// Err is set when the object is well-formed JSON but its properties do
	// not have the types STIX gives them; the other fields are then empty
	// except Type and ID where they could be read.
	Err error `json:"-"`
}

// ExternalReference points from a STIX object to something outside STIX: an
// ATT&CK ID, a CVE, a URL.
type ExternalReference struct {
	SourceName  string `json:"source_name"`
	ExternalID  string `json:"external_id,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
}

// Header is what a bundle says about itself.
type Header struct {
	// Type is "bundle", or the type of a lone object at the top level.
	Type        string
	ID          string
	SpecVersion string
	// Lone is true when the input is a single object or a JSON array of
	// objects rather than a bundle.
	Lone bool
}

// Decode reads a STIX bundle from r and calls fn with each object of its
// "objects" array as soon as it is read: memory stays bounded by the largest
// object, not the bundle. A single STIX object at the top level, or a JSON
// array of objects, is read as a bundle of those objects. An object whose
// properties have the wrong JSON types is passed with Err set; a syntax
// error ends the read. An error returned by fn stops the read and is
// returned.
func Decode(r io.Reader, fn func(*Object) error) (Header, error) {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return Header{}, fmt.Errorf("stix: not JSON: %w", noEOF(err))
	}
	switch tok {
	case json.Delim('['):
		h := Header{Lone: true}
		if err := decodeObjects(dec, fn); err != nil {
			return h, err
		}
		return h, nil
	case json.Delim('{'):
	default:
		return Header{}, errors.New("stix: not a STIX bundle: the input is not a JSON object")
	}
	var h Header
	rest := map[string]json.RawMessage{}
	sawObjects := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return h, fmt.Errorf("stix: %w", noEOF(err))
		}
		key, _ := tok.(string)
		switch key {
		case "objects":
			sawObjects = true
			t, err := dec.Token()
			if err != nil {
				return h, fmt.Errorf("stix: objects: %w", noEOF(err))
			}
			if t == nil { // "objects": null
				continue
			}
			if t != json.Delim('[') {
				return h, errors.New("stix: \"objects\" is not an array")
			}
			if err := decodeObjects(dec, fn); err != nil {
				return h, err
			}
		default:
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return h, fmt.Errorf("stix: property %q: %w", key, noEOF(err))
			}
			rest[key] = raw
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return h, fmt.Errorf("stix: %w", noEOF(err))
	}
	str := func(k string) string {
		var s string
		json.Unmarshal(rest[k], &s)
		return s
	}
	h.Type, h.ID, h.SpecVersion = str("type"), str("id"), str("spec_version")
	if h.Type == "bundle" || sawObjects {
		if h.Type != "bundle" {
			return h, fmt.Errorf("stix: the top-level object has objects but type %q, not bundle", h.Type)
		}
		return h, nil
	}
	if h.Type == "" {
		return h, errors.New("stix: not a STIX bundle or object: no type")
	}
	// a lone object: decode it from the properties read
	h.Lone = true
	b, err := json.Marshal(rest)
	if err != nil {
		return h, fmt.Errorf("stix: %w", err)
	}
	return h, fn(decodeObject(b))
}

// decodeObjects reads the elements of an array whose '[' was read, and the
// closing ']'.
func decodeObjects(dec *json.Decoder, fn func(*Object) error) error {
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("stix: object %d: %w", i, noEOF(err))
		}
		if err := fn(decodeObject(raw)); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("stix: objects: %w", noEOF(err))
	}
	return nil
}

// decodeObject turns one object's JSON into an Object; type errors are kept
// in Err.
func decodeObject(raw []byte) *Object {
	o := &Object{}
	if err := json.Unmarshal(raw, o); err != nil {
		var head struct {
			Type, ID any
		}
		json.Unmarshal(raw, &head)
		s1, _ := head.Type.(string)
		s2, _ := head.ID.(string)
		o = &Object{Type: s1, ID: s2, Err: err}
		if len(raw) == 0 || raw[0] != '{' {
			o.Err = errors.New("not a JSON object")
		}
	}
	o.Type = strings.TrimSpace(o.Type)
	return o
}

// noEOF turns a bare io.EOF (input ended in the middle of the bundle) into
// io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
