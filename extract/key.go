package extract

import "github.com/newsgraph/newsgraph/ontology"

// MakeKey returns the stable key of an entity: its type slug and a slug of
// its canonical name, e.g. MakeKey(ontology.Agency, "Ministry of State
// Security") == "agency:ministry-of-state-security". See ontology.Key.
func MakeKey(t ontology.EntityType, name string) string { return ontology.Key(t, name) }

// Slug lower-cases s and joins its letters and digits with single dashes.
// See ontology.Slug.
func Slug(s string) string { return ontology.Slug(s) }
