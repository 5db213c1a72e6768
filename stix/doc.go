// Package stix moves STIX 2.0 and 2.1 bundles (MITRE ATT&CK, OpenCTI and MISP
// exports, TAXII feeds) in and out of the graph.
//
// # Reading
//
// Decode streams a bundle's "objects" array one object at a time, so a large
// bundle never sits in memory whole: reading ATT&CK Enterprise (29 MB of
// JSON) keeps under 20 MB of heap. A lone object, or a JSON array of
// objects, reads as a bundle of those objects.
//
// # Importing
//
// Import maps objects to entities:
//
//	intrusion-set, threat-actor → THREAT_GROUP     malware → MALWARE     tool → TOOL
//	attack-pattern → ATTACK_PATTERN                campaign, incident → EVENT
//	vulnerability → VULNERABILITY                  software → PRODUCT
//	identity → PERSON (individual), SECTOR (class), PRODUCT (system),
//	           AGENCY (a government sector or a name like "Ministry of …"), else ORGANIZATION
//	location → COUNTRY (a country and nothing finer, named as the gazetteer names it), else LOCATION
//
// with aliases from aliases and x_mitre_aliases, a description without
// ATT&CK's citation markers, and external references that have an id (G0065,
// T1190, CVE-…) plus the object's own STIX id as graph.ExternalRefs.
// Techniques also answer to their ATT&CK ID; sub-techniques are named as
// ATT&CK names them ("Phishing: Spearphishing Link"). Relationships become
// claims (extractor "stix", confidence from the SRO's 0–100 or 1, no
// sentence) with ONTOLOGY.md's predicates: uses, targets (exploits when the
// target is a vulnerability), exploits, attributed-to, located-at,
// originates-from (nationality for a group or person and a country), and
// newsgraph's own types as Write names them; any other type is related_to
// with Claim.OriginalType set (mitigates, subtechnique-of, indicates, …).
// Revoked and deprecated objects, objects of other types and relationships
// whose ends are not imported are skipped and counted.
//
// A report becomes a document (ID "doc:" + a hash of its STIX id; title,
// URL, published date, description as text) that mentions the entities of
// its object_refs and restates the relationships it lists as claims, so
// that relations cite it as their source.
//
// Entity IDs: an object becomes the stored entity that carries its STIX id
// (an earlier import), else a stored entity of the same type whose name or
// alias is the object's name, then one of its aliases (ATT&CK's Leviathan
// joins an article's "APT40"), else a new "<type-slug>:<slug of the name>"
// key. An entity that another object of the same bundle became is not taken,
// so one producer's two objects stay two entities; two producers' objects of
// one name and type become one.
//
// The bundle is one structured source, "stix:" + the bundle id, written
// with graph.Store.ReplaceSourceWith in transactions of graph.BatchSize
// quads: importing it again changes nothing. For each object it brought, the
// source also holds bookkeeping quads under ObjectNS (its modified time and
// the entity it became). A bundle with a newer version of an object (same id,
// later modified, or a newer revoked or deprecated version) than another
// stored bundle takes that object out of the older bundle
// (graph.Store.PruneSource); an older version is skipped.
//
// # Writing
//
// Write turns entities, relations and documents into a STIX 2.1 bundle
// (see its documentation) that validates against the OASIS schemas and
// imports back into the same entities and relations.
package stix
