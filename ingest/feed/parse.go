package feed

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Parse reads one feed, sitemap or sitemap index from r. The format is told
// by content: JSON (first non-space byte "{") is a JSON Feed; otherwise the XML root element
// names it (<rss>, <rdf:RDF>, <feed>, <urlset>, <sitemapindex>).
//
// Parse reads r as a stream, and at most one byte past lim.MaxBytes. The
// Feed it returns is never nil: on error it holds what was read before the
// problem (the first MaxItems items when there are more, the items before a
// malformed one), so a caller can keep them and report the error. Every
// error is an *Error, wrapping ErrFormat, ErrTooLarge or ErrTooManyItems
// when it is one of those.
func Parse(r io.Reader, lim Limits) (*Feed, error) {
	in := &limitReader{r: r, max: lim.maxBytes()}
	br := bufio.NewReaderSize(in, 4096)
	f, err := parse(br, lim)
	if in.over {
		err = &Error{Err: &limitError{fmt.Sprintf("larger than %d bytes", in.max), ErrTooLarge}}
	}
	return f, err
}

func parse(br *bufio.Reader, lim Limits) (*Feed, error) {
	head, _ := br.Peek(1024) // shorter at the end of the input; a read error comes again below
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3) // encoding/xml and encoding/json do not skip a BOM
		head = head[3:]
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		label := "utf-16le"
		if head[0] == 0xfe {
			label = "utf-16be"
		}
		_, _ = br.Discard(2)
		r, _ := charset.NewReaderLabel(label, br) // both labels are known
		return parseXML(r, true, lim)
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return parseJSON(br, lim)
	}
	if m := encodingRE.FindSubmatch(t); m != nil && !isUTF8(string(m[1])) {
		return parseXML(br, false, lim) // charsetReader decodes the declared encoding
	}
	return parseXML(transform.NewReader(br, lenientUTF8{}), false, lim)
}

// encodingRE finds the encoding an XML declaration names.
var encodingRE = regexp.MustCompile(`^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

func isUTF8(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "utf-8" || l == "utf8" || l == ""
}

// limitReader reads up to max bytes (all when max < 0) and then fails with
// errLimit, noting that the input was larger.
type limitReader struct {
	r    io.Reader
	max  int64
	n    int64
	over bool
}

var errLimit = errors.New("input larger than the limit")

func (l *limitReader) Read(p []byte) (int, error) {
	if l.max < 0 {
		return l.r.Read(p)
	}
	if l.over {
		return 0, errLimit
	}
	if room := l.max - l.n + 1; int64(len(p)) > room {
		p = p[:room] // one byte past the limit tells a larger input from one that fits
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		l.over = true
		return n - int(l.n-l.max), errLimit
	}
	return n, err
}

// lenientUTF8 passes valid UTF-8 through and decodes each byte that is not
// part of a valid sequence as Windows-1252 (which includes Latin-1's
// letters), for feeds that declare no encoding or UTF-8 but are written in
// Latin-1 or Windows-1252. Real Latin-1 text with accents is never valid
// UTF-8, so UTF-8 feeds are unchanged.
type lenientUTF8 struct{ transform.NopResetter }

// Transform implements transform.Transformer.
func (lenientUTF8) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	var buf [utf8.UTFMax]byte
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		var out []byte
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc // the rest of the sequence comes next
			}
			out = buf[:utf8.EncodeRune(buf[:], charmap.Windows1252.DecodeByte(c))]
		} else {
			out = src[nSrc : nSrc+size]
		}
		if nDst+len(out) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], out)
		nSrc += size
	}
	return nDst, nSrc, nil
}
