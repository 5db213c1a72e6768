package graph

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// NQuadsReader reads N-Quads (RDF 1.1) one statement a line. Literals are
// kept as written: a typed literal stays a quad.TypedString (no conversion
// to numbers or times), so that what the store exports reads back to quads
// with the same N-Quads text, and exporting again gives the same bytes.
type NQuadsReader struct {
	r    *bufio.Reader
	line int
}

// NewNQuadsReader returns a reader of the N-Quads in r.
func NewNQuadsReader(r io.Reader) *NQuadsReader {
	return &NQuadsReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Line returns the number of the line last read.
func (r *NQuadsReader) Line() int { return r.line }

// Read returns the next quad; io.EOF after the last. Blank lines and comments
// are skipped. An error names the line.
func (r *NQuadsReader) Read() (quad.Quad, error) {
	for {
		s, err := r.r.ReadString('\n')
		if s == "" && err != nil {
			if errors.Is(err, io.EOF) {
				return quad.Quad{}, io.EOF
			}
			return quad.Quad{}, fmt.Errorf("nquads: line %d: %w", r.line+1, err)
		}
		r.line++
		q, ok, perr := ParseNQuad(s)
		if perr != nil {
			return quad.Quad{}, fmt.Errorf("nquads: line %d: %w", r.line, perr)
		}
		if ok {
			return q, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return quad.Quad{}, fmt.Errorf("nquads: line %d: %w", r.line+1, err)
		}
	}
}

// ParseNQuad parses one N-Quads line. ok is false for a blank or comment
// line.
func ParseNQuad(line string) (q quad.Quad, ok bool, err error) {
	p := nqParser{s: strings.TrimRight(line, "\r\n")}
	p.space()
	if p.done() || p.peek() == '#' {
		return quad.Quad{}, false, nil
	}
	if q.Subject, err = p.term(); err != nil {
		return quad.Quad{}, false, err
	}
	if !isNode(q.Subject) {
		return quad.Quad{}, false, fmt.Errorf("subject %s is not an IRI or blank node", clip(q.Subject.String()))
	}
	p.space()
	if q.Predicate, err = p.term(); err != nil {
		return quad.Quad{}, false, err
	}
	if _, isIRI := q.Predicate.(quad.IRI); !isIRI {
		return quad.Quad{}, false, fmt.Errorf("predicate %s is not an IRI", clip(q.Predicate.String()))
	}
	p.space()
	if q.Object, err = p.term(); err != nil {
		return quad.Quad{}, false, err
	}
	p.space()
	if !p.done() && p.peek() != '.' {
		if q.Label, err = p.term(); err != nil {
			return quad.Quad{}, false, err
		}
		if !isNode(q.Label) {
			return quad.Quad{}, false, fmt.Errorf("graph label %s is not an IRI or blank node", clip(q.Label.String()))
		}
		p.space()
	}
	if p.done() || p.peek() != '.' {
		return quad.Quad{}, false, errors.New("statement does not end with '.'")
	}
	p.i++
	p.space()
	if !p.done() && p.peek() != '#' {
		return quad.Quad{}, false, fmt.Errorf("unexpected %q after the statement", clip(p.s[p.i:]))
	}
	return q, true, nil
}

func isNode(v quad.Value) bool {
	switch v.(type) {
	case quad.IRI, quad.BNode:
		return true
	}
	return false
}

type nqParser struct {
	s string
	i int
}

func (p *nqParser) done() bool { return p.i >= len(p.s) }
func (p *nqParser) peek() byte { return p.s[p.i] }

func (p *nqParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// term reads an IRI, a blank node or a literal.
func (p *nqParser) term() (quad.Value, error) {
	if p.done() {
		return nil, errors.New("unexpected end of line")
	}
	switch c := p.peek(); {
	case c == '<':
		iri, err := p.iri()
		return quad.IRI(iri), err
	case c == '_' && strings.HasPrefix(p.s[p.i:], "_:"):
		return p.bnode()
	case c == '"':
		return p.literal()
	default:
		return nil, fmt.Errorf("unexpected %q", clip(p.s[p.i:]))
	}
}

// iri reads <...>, decoding \u and \U escapes.
func (p *nqParser) iri() (string, error) {
	p.i++ // <
	var b strings.Builder
	for !p.done() {
		c := p.peek()
		switch {
		case c == '>':
			p.i++
			if b.Len() == 0 {
				return "", errors.New("empty IRI")
			}
			return b.String(), nil
		case c == '\\':
			r, err := p.uchar()
			if err != nil {
				return "", err
			}
			if r <= ' ' || strings.ContainsRune("<>\"{}|^`\\", r) {
				return "", fmt.Errorf("character %q not allowed in an IRI", r)
			}
			b.WriteRune(r)
		case c <= ' ' || strings.IndexByte("<\"{}|^`", c) >= 0:
			return "", fmt.Errorf("character %q not allowed in an IRI", c)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", errors.New("IRI not closed with '>'")
}

// uchar reads \uXXXX or \UXXXXXXXX at p.i.
func (p *nqParser) uchar() (rune, error) {
	if p.i+1 >= len(p.s) {
		return 0, errors.New("bad escape at end of line")
	}
	n := 0
	switch p.s[p.i+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, fmt.Errorf("bad escape \\%c", p.s[p.i+1])
	}
	if p.i+2+n > len(p.s) {
		return 0, errors.New("short unicode escape")
	}
	v, err := strconv.ParseUint(p.s[p.i+2:p.i+2+n], 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, fmt.Errorf("bad unicode escape %q", p.s[p.i:p.i+2+n])
	}
	p.i += 2 + n
	return rune(v), nil
}

func (p *nqParser) bnode() (quad.Value, error) {
	p.i += 2
	start := p.i
	for !p.done() {
		c := p.peek()
		if c == ' ' || c == '\t' || c == '<' || c == '"' || c == '#' {
			break
		}
		p.i++
	}
	// a label does not end with '.': that is the statement's end
	for p.i > start && p.s[p.i-1] == '.' {
		p.i--
	}
	if p.i == start {
		return nil, errors.New("empty blank node label")
	}
	return quad.BNode(p.s[start:p.i]), nil
}

// literal reads "..." with an optional @lang or ^^<type>.
func (p *nqParser) literal() (quad.Value, error) {
	p.i++ // "
	var b strings.Builder
	closed := false
	for !p.done() && !closed {
		c := p.peek()
		switch c {
		case '"':
			p.i++
			closed = true
		case '\\':
			if p.i+1 >= len(p.s) {
				return nil, errors.New("bad escape at end of line")
			}
			if e, ok := echar(p.s[p.i+1]); ok {
				b.WriteByte(e)
				p.i += 2
				continue
			}
			r, err := p.uchar()
			if err != nil {
				return nil, err
			}
			b.WriteRune(r)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	if !closed {
		return nil, errors.New("literal not closed with '\"'")
	}
	val := quad.String(b.String())
	if p.done() {
		return val, nil
	}
	switch {
	case p.peek() == '@':
		p.i++
		start := p.i
		for !p.done() {
			c := p.peek()
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				break
			}
			p.i++
		}
		if p.i == start {
			return nil, errors.New("empty language tag")
		}
		return quad.LangString{Value: val, Lang: p.s[start:p.i]}, nil
	case strings.HasPrefix(p.s[p.i:], "^^<"):
		p.i += 2
		t, err := p.iri()
		if err != nil {
			return nil, err
		}
		return quad.TypedString{Value: val, Type: quad.IRI(t)}, nil
	}
	return val, nil
}

// echar decodes the character after a backslash in a literal.
func echar(c byte) (byte, bool) {
	switch c {
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'f':
		return '\f', true
	case '"', '\'', '\\':
		return c, true
	}
	return 0, false
}

// NQuadsChunk is how many quads ImportNQuads hands to AddQuads at once.
const NQuadsChunk = 100000

// ImportNQuads reads N-Quads from r and adds them to the store with
// AddQuads, NQuadsChunk quads at a time: quads already stored are skipped,
// so importing a file twice changes nothing. The whole input is parsed
// before anything is written, so a syntax error (reported with its line)
// writes nothing. It returns how many quads were read and how many were
// new.
func (s *Store) ImportNQuads(ctx context.Context, r io.Reader) (read, added int, err error) {
	quads, err := readNQuads(ctx, r)
	if err != nil {
		return len(quads), 0, err
	}
	for start := 0; start < len(quads); start += NQuadsChunk {
		n, err := s.AddQuads(ctx, quads[start:min(start+NQuadsChunk, len(quads))])
		added += n
		if err != nil {
			return len(quads), added, err
		}
	}
	return len(quads), added, nil
}

// readNQuads parses all of r, checking ctx every 10,000 quads. On an error
// it returns the quads read before it.
func readNQuads(ctx context.Context, r io.Reader) ([]quad.Quad, error) {
	nr := NewNQuadsReader(r)
	var quads []quad.Quad
	for {
		q, err := nr.Read()
		if errors.Is(err, io.EOF) {
			return quads, nil
		}
		if err != nil {
			return quads, err
		}
		quads = append(quads, q)
		if len(quads)%10000 == 0 {
			if err := ctx.Err(); err != nil {
				return quads, err
			}
		}
	}
}

// Decompress returns a buffered reader of r, gunzipped if it starts with
// the gzip magic number: N-Quads files and the bundles `newsgraph import`
// reads may come gzipped.
func Decompress(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), nil
	}
	return br, nil
}
