package graph

import (
	"context"
	"strings"

	"github.com/cayleygraph/quad"
)

// Records are small named values that a service keeps in the store beside
// the graph, so that they are backed up, replicated and exported with it:
// a feed watcher's state (validators, items waiting, next poll) is one.
// The store does not read them: each is the structured source
// "record:<kind>:<hash of its key>", with its kind, key and value as
// literals, replaced in one transaction when it is put.

var (
	pRecordKind  = quad.IRI(NS + "recordKind")
	pRecordKey   = quad.IRI(NS + "recordKey")
	pRecordValue = quad.IRI(NS + "recordValue")
)

// maxRecordBytes bounds one record's value.
const maxRecordBytes = 4 << 20

func recordID(kind, key string) string { return "record:" + kind + ":" + hashID(kind, key) }

// PutRecord stores value as the record key of the given kind, replacing
// the one before in one transaction. Putting the same value again changes
// nothing.
func (s *Store) PutRecord(ctx context.Context, kind, key string, value []byte) error {
	if kind == "" || strings.ContainsAny(kind, ": ") || key == "" {
		return Errorf(EINVALID, "a record needs a kind (no spaces or colons) and a key")
	}
	if len(value) > maxRecordBytes {
		return Errorf(EINVALID, "record %s %q is %d bytes; the limit is %d", kind, clip(key), len(value), maxRecordBytes)
	}
	id := recordID(kind, key)
	n := SourceIRI(id)
	b := &Batch{Source: &Source{ID: id, Name: kind + " " + key, Kind: "record"}}
	extra := []quad.Quad{
		{Subject: n, Predicate: pRecordKind, Object: quad.String(kind)},
		{Subject: n, Predicate: pRecordKey, Object: quad.String(key)},
		{Subject: n, Predicate: pRecordValue, Object: quad.String(value)},
	}
	if _, err := s.ReplaceSourceWith(ctx, b, extra); err != nil {
		return err
	}
	return nil
}

// DeleteRecord removes a record; removing one that is not there is not an
// error.
func (s *Store) DeleteRecord(ctx context.Context, kind, key string) error {
	if _, err := s.DeleteSource(ctx, recordID(kind, key)); err != nil && !IsNotFound(err) {
		return err
	}
	return nil
}

// Records returns every record of a kind, by key.
func (s *Store) Records(ctx context.Context, kind string) (map[string][]byte, error) {
	kinds, err := s.QuadsWith(ctx, quad.Object, quad.String(kind))
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, q := range kinds {
		if q.Predicate != pRecordKind {
			continue
		}
		var key string
		var value []byte
		var found bool
		qs, err := s.QuadsWith(ctx, quad.Subject, q.Subject)
		if err != nil {
			return nil, err
		}
		for _, r := range qs {
			switch r.Predicate {
			case pRecordKey:
				key = quad.ToString(r.Object)
			case pRecordValue:
				value, found = []byte(quad.ToString(r.Object)), true
			}
		}
		if key != "" && found {
			out[key] = value
		}
	}
	return out, nil
}
