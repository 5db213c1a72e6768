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
	"encoding/csv"
	"fmt"
	"io"
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
// row. Errors name the file and line. Fields are not quoted: a double quote
// inside a field is an ordinary character, but a field may not start with
// one (encoding/csv would read it as a quoted field).
func ReadTSV(fsys fs.FS, name string, add func(cols []string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.Comment = '\t', '#'
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	for {
		cols, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if blank(cols) {
			continue
		}
		if err := add(cols); err != nil {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// blank reports whether a row holds only spaces.
func blank(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
