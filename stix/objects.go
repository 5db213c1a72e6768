package stix

import "github.com/newsgraph/newsgraph/ontology"

// SDOType returns the STIX type Write gives entities of type t
// ("software" for a PRODUCT, an observable whose id derives from its name).
func SDOType(t ontology.EntityType) string {
	if typ := sdoTypeOf[t]; typ != "" {
		return typ
	}
	return "identity"
}

// StableID returns the STIX id Write gives the object of type typ that
// stands for newsgraph's ID id: an entity's SDO (not a software
// observable), a document's or investigation's report, a note.
func StableID(typ, id string) string { return typ + "--" + uuid5(Namespace, id) }

// UUID5 returns the version 5 UUID of name in the namespace ns (a UUID in
// its text form).
func UUID5(ns, name string) string { return uuid5(ns, name) }
