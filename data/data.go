// Package data holds newsgraph's bundled facts and sample corpus as an
// embedded file system:
//
//   - corpus/    short articles written for this project (the demo corpus)
//   - gold/      hand annotations of corpus articles in the gold format
//   - gazetteer/ countries, agencies, organizations and threat groups with aliases
//   - lexicon/   the verb lexicon mapping phrases to ontology predicates
package data

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

// FS is the embedded data tree. Paths are relative to this folder, e.g.
// "corpus/exchange-hack.txt".
//
//go:embed corpus gold gazetteer lexicon
var FS embed.FS

// ReadTSV reads the tab-separated file name of fsys, skipping blank lines
// and lines that start with "#", and calls add with the columns of each
// row. Errors name the file and line.
func ReadTSV(fsys fs.FS, name string, add func(cols []string) error) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := add(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n+1, err)
		}
	}
	return nil
}
