package index

import (
	"slices"
	"sort"
	"time"
)

// Source is a document or structured source as the index knows it: the
// metadata that lists of documents show, never the text.
type Source struct {
	ID string
	// Doc is set for documents.
	Doc bool
	// Exists is set while facts state the source's type.
	Exists    bool
	Date      time.Time // publication date, zero when unknown
	Title     string
	URL       string
	File      string // the file it came from
	Ident     string // the id the source gave a document
	Extractor string
	Bytes     int
}

func (r *srcRec) source() Source {
	return Source{ID: r.id, Doc: r.isDoc, Exists: r.exist > 0, Date: r.date, Title: first(r.title), URL: first(r.url),
		File: first(r.file), Ident: first(r.ident), Extractor: first(r.extractor), Bytes: r.bytes}
}

// Source returns what the index knows of a source; ok is false if it never
// heard of it.
func (x *Index) Source(id string) (Source, bool) {
	if _, r := x.source(id, false); r != nil {
		return r.source(), true
	}
	return Source{}, false
}

// HasSource reports whether a source exists.
func (x *Index) HasSource(id string) bool {
	_, r := x.source(id, false)
	return r != nil && r.exist > 0
}

// SourceDate returns a source's publication date, zero when unknown.
func (x *Index) SourceDate(id string) time.Time {
	if _, r := x.source(id, false); r != nil {
		return r.date
	}
	return time.Time{}
}

// Sources returns every existing source, in no particular order.
func (x *Index) Sources() []Source {
	var out []Source
	for _, r := range x.srcs {
		if r.exist > 0 {
			out = append(out, r.source())
		}
	}
	return out
}

// DocumentRef is a document in the newest-first order of all documents.
type DocumentRef struct {
	// Pos is its position among all documents, newest first.
	Pos int
	ID  string
}

// Documents returns the existing documents, newest first (then by ID),
// published within [from, to] (zero bounds are open) and, when ident is not
// empty, given that id by their source.
func (x *Index) Documents(from, to time.Time, ident string) []DocumentRef {
	var out []DocumentRef
	for i, di := range x.view().docs {
		r := x.srcs[di]
		if (!from.IsZero() && r.date.Before(from)) || (!to.IsZero() && r.date.After(to)) {
			continue
		}
		if ident != "" && !slices.ContainsFunc(r.ident, func(c strCount) bool { return c.s == ident }) {
			continue
		}
		out = append(out, DocumentRef{Pos: i, ID: r.id})
	}
	return out
}

// entityDocs returns the existing documents that state r's type.
func (x *Index) entityDocs(r *entRec) []*srcRec {
	var docs []*srcRec
	for _, src := range r.sources {
		if d := x.srcs[src.id]; d.isDoc && d.exist > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

// EntityDocuments returns the IDs of the documents that mention a live
// entity (state its type), newest first, then by ID.
func (x *Index) EntityDocuments(id string) ([]string, bool) {
	_, r := x.liveEntity(id)
	if r == nil {
		return nil, false
	}
	docs := x.entityDocs(r)
	sort.Slice(docs, func(i, j int) bool {
		if !docs[i].date.Equal(docs[j].date) {
			return docs[i].date.After(docs[j].date)
		}
		return docs[i].id < docs[j].id
	})
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.id
	}
	return out, true
}

// MentionCount returns the number of documents that mention an entity; ok
// is false if the index never heard of it.
func (x *Index) MentionCount(id string) (int, bool) {
	_, r := x.entity(id, false)
	if r == nil {
		return 0, false
	}
	return len(x.entityDocs(r)), true
}

// DocumentEntities returns the entities an existing source states, in no
// particular order.
func (x *Index) DocumentEntities(id string) ([]Entity, bool) {
	li, src := x.source(id, false)
	if src == nil || src.exist <= 0 {
		return nil, false
	}
	var out []Entity
	for _, r := range x.ents {
		for _, sc := range r.sources {
			if sc.id == li {
				out = append(out, r.entity())
				break
			}
		}
	}
	return out, true
}
