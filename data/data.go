// Package data holds newsgraph's bundled facts and sample corpus as an
// embedded file system:
//
//   - corpus/    short articles written for this project (the demo corpus)
//   - gold/      hand annotations of corpus articles in the gold format
//   - gazetteer/ countries, agencies, organizations and threat groups with aliases
//   - lexicon/   the verb lexicon mapping phrases to ontology predicates
package data

import "embed"

// FS is the embedded data tree. Paths are relative to this folder, e.g.
// "corpus/exchange-hack.txt".
//
//go:embed corpus gold gazetteer lexicon
var FS embed.FS
