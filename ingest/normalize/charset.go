package normalize

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Most pages and feeds are UTF-8; the rest are nearly all Latin-1 or its
// Windows superset, which are decoded here. Anything else is read as UTF-8
// (invalid bytes become U+FFFD).

// win1252 maps the bytes 0x80–0x9F of Windows-1252; the other bytes are
// Latin-1, equal to their code points.
var win1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ',
}

func decodeWin1252(b []byte) string {
	var s strings.Builder
	s.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			s.WriteByte(c)
		case c < 0xa0:
			s.WriteRune(win1252[c-0x80])
		default:
			s.WriteRune(rune(c))
		}
	}
	return s.String()
}

func isLatin1Name(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii":
		return true
	}
	return false
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([a-z0-9_-]+)`)

// decodeHTMLBytes decodes a page declared as Latin-1/Windows-1252 that is
// not valid UTF-8; everything else is taken as UTF-8.
func decodeHTMLBytes(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	if m := metaCharsetRE.FindSubmatch(b[:min(len(b), 4096)]); m != nil && isLatin1Name(string(m[1])) {
		return decodeWin1252(b)
	}
	return string(b)
}

// charsetReader is encoding/xml's CharsetReader: it accepts UTF-8 and the
// Latin-1 family.
func charsetReader(name string, r io.Reader) (io.Reader, error) {
	switch {
	case strings.EqualFold(name, "utf-8") || strings.EqualFold(name, "utf8"):
		return r, nil
	case isLatin1Name(name):
		return &latin1Reader{r: r}, nil
	}
	return nil, fmt.Errorf("unsupported charset %q", name)
}

// latin1Reader decodes Windows-1252 to UTF-8 as it streams.
type latin1Reader struct {
	r   io.Reader
	buf []byte // decoded bytes not yet returned
	in  [4096]byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.buf) == 0 {
		n, err := l.r.Read(l.in[:])
		if n > 0 {
			l.buf = []byte(decodeWin1252(l.in[:n]))
			break
		}
		if err != nil {
			return 0, err
		}
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}
