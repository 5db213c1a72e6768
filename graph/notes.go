package graph

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// Notes are an analyst's remarks on an entity, a relation, a claim or an
// investigation. Each is an analyst source "analyst:note-<hash>" of its own
// (so it is backed up, exported and deleted like any source) whose quads
// give its target, text, author and time as literals: the target is a
// string, not an entity IRI, so a note adds no edge to the graph, and the
// notes of a target are one index lookup on that string.

var (
	pNoteTarget  = quad.IRI(NS + "noteTarget")
	pNoteText    = quad.IRI(NS + "noteText")
	pNoteAuthor  = quad.IRI(NS + "noteAuthor")
	pNoteCreated = quad.IRI(NS + "noteCreated")
)

// Bounds of a note.
const (
	MaxNoteText   = 10000 // characters
	MaxNoteAuthor = 200   // characters
	// notePrefix starts every note's ID (its source ID).
	notePrefix = "analyst:note-"
)

// Note is an analyst's remark on something in the graph.
type Note struct {
	ID      string // its source ID, "analyst:note-…"
	Target  string // an entity, relation, claim or investigation ID
	Text    string
	Author  string // "analyst" when none was given
	Created time.Time
}

// IsNoteID reports whether id has the form of a note's ID.
func IsNoteID(id string) bool { return strings.HasPrefix(id, notePrefix) && len(id) > len(notePrefix) }

// AddNote records a note on its target, which must exist: an entity, a
// relation ("rel:…"), a claim ("claim:…") or an investigation
// ("investigation:…"). An empty author is "analyst"; a zero Created is now.
func (s *Store) AddNote(ctx context.Context, n Note) (Note, error) {
	n.Text = strings.TrimSpace(n.Text)
	n.Author = strings.TrimSpace(n.Author)
	if n.Author == "" {
		n.Author = "analyst"
	}
	switch {
	case n.Text == "":
		return Note{}, Errorf(EINVALID, "a note needs a text")
	case utf8.RuneCountInString(n.Text) > MaxNoteText:
		return Note{}, Errorf(EINVALID, "a note has at most %d characters", MaxNoteText)
	case utf8.RuneCountInString(n.Author) > MaxNoteAuthor:
		return Note{}, Errorf(EINVALID, "an author's name has at most %d characters", MaxNoteAuthor)
	}
	if err := s.checkNoteTarget(ctx, n.Target); err != nil {
		return Note{}, err
	}
	if n.Created.IsZero() {
		n.Created = time.Now()
	}
	n.Created = n.Created.UTC()
	created := n.Created.Format(time.RFC3339Nano)
	n.ID = notePrefix + hashID(n.Target, n.Text, n.Author, created)
	node := SourceIRI(n.ID)
	b := &Batch{Source: &Source{ID: n.ID, Name: "note by " + n.Author, Kind: "analyst", Published: n.Created}}
	extra := []quad.Quad{
		{Subject: node, Predicate: pNoteTarget, Object: quad.String(n.Target)},
		{Subject: node, Predicate: pNoteText, Object: quad.String(n.Text)},
		{Subject: node, Predicate: pNoteAuthor, Object: quad.String(n.Author)},
		{Subject: node, Predicate: pNoteCreated, Object: quad.String(created)},
	}
	if _, err := s.ReplaceSourceWith(ctx, b, extra); err != nil {
		return Note{}, err
	}
	return n, nil
}

// checkNoteTarget reports ENOTFOUND unless id names something a note can
// be about.
func (s *Store) checkNoteTarget(ctx context.Context, id string) error {
	var err error
	switch {
	case id == "":
		return Errorf(EINVALID, "a note needs a target")
	case strings.HasPrefix(id, "rel:"):
		_, err = s.Relation(ctx, id)
	case strings.HasPrefix(id, "claim:"):
		_, err = s.Claim(ctx, id)
	case IsInvestigationID(id):
		_, err = s.Investigation(ctx, id)
	default:
		_, err = s.Entity(ctx, id)
	}
	if err != nil && ErrorCode(err) == EINVALID {
		return Errorf(ENOTFOUND, "nothing to note has the ID %q", clip(id))
	}
	return err
}

// DeleteNote removes a note. It reports ENOTFOUND if there is none with
// that ID.
func (s *Store) DeleteNote(ctx context.Context, id string) error {
	if !IsNoteID(id) {
		return Errorf(ENOTFOUND, "no note %q", clip(id))
	}
	if _, err := s.DeleteSource(ctx, id); err != nil {
		if IsNotFound(err) {
			return Errorf(ENOTFOUND, "no note %q", clip(id))
		}
		return err
	}
	return nil
}

// Notes returns the notes on each target, newest first, by target ID.
func (s *Store) Notes(ctx context.Context, targets []string) (map[string][]Note, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string][]Note, len(targets))
	for _, t := range targets {
		if _, done := out[t]; done || t == "" {
			continue
		}
		links, err := s.quadsWith(ctx, quad.Object, quad.String(t))
		if err != nil {
			return nil, err
		}
		var notes []Note
		for _, l := range links {
			if l.Predicate != pNoteTarget {
				continue
			}
			n, err := s.readNote(ctx, l.Subject)
			if err != nil {
				return nil, err
			}
			if n.ID != "" {
				notes = append(notes, n)
			}
		}
		sortNotes(notes)
		out[t] = notes
	}
	return out, nil
}

// AllNotes returns every note, newest first.
func (s *Store) AllNotes(ctx context.Context) ([]Note, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var notes []Note
	seen := map[quad.Value]bool{}
	err := s.eachQuadWith(ctx, quad.Predicate, pNoteTarget, func(q quad.Quad) { seen[q.Subject] = true })
	if err != nil {
		return nil, err
	}
	for node := range seen {
		n, err := s.readNote(ctx, node)
		if err != nil {
			return nil, err
		}
		if n.ID != "" {
			notes = append(notes, n)
		}
	}
	sortNotes(notes)
	return notes, nil
}

// readNote reads the note whose source node is node; a node that is not a
// whole note gives a Note with no ID. The caller holds s.mu.
func (s *Store) readNote(ctx context.Context, node quad.Value) (Note, error) {
	id, ok := idOf(node, SourceNS)
	if !ok || !IsNoteID(id) {
		return Note{}, nil
	}
	qs, err := s.quadsWith(ctx, quad.Subject, node)
	if err != nil {
		return Note{}, err
	}
	n := Note{ID: id}
	for _, q := range qs {
		v := quad.ToString(q.Object)
		switch q.Predicate {
		case pNoteTarget:
			n.Target = v
		case pNoteText:
			n.Text = v
		case pNoteAuthor:
			n.Author = v
		case pNoteCreated:
			n.Created, _ = time.Parse(time.RFC3339Nano, v)
		}
	}
	if n.Target == "" || n.Text == "" {
		return Note{}, nil
	}
	return n, nil
}

func sortNotes(notes []Note) {
	sort.Slice(notes, func(i, j int) bool {
		if !notes[i].Created.Equal(notes[j].Created) {
			return notes[i].Created.After(notes[j].Created)
		}
		return notes[i].ID < notes[j].ID
	})
}
