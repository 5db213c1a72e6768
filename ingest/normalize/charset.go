package normalize

import (
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Most pages and feeds are UTF-8; the others name their encoding, and
// golang.org/x/net/html/charset decodes every encoding the WHATWG Encoding
// standard lists under any of its labels (Latin-1 and Windows-1252,
// Windows-1251, KOI8-R, Shift_JIS, GBK, …).

// decodeHTMLBytes decodes a page to UTF-8. A page that is valid UTF-8 is
// taken as it is, whatever it declares (UTF-8 pages labelled Latin-1 are
// common; real Latin-1 text with accents is never valid UTF-8). Otherwise
// the encoding is the one its byte-order mark or <meta> charset names, and
// Windows-1252 when it names none, as browsers do (charset.DetermineEncoding).
// contentType, the Content-Type header a page was served with ("" for a
// file), comes between the two: a charset it names wins over <meta>.
// A page that declares UTF-8 keeps its invalid bytes, which Text turns into
// U+FFFD.
func decodeHTMLBytes(b []byte, contentType string) string {
	if utf8.Valid(b) {
		return string(b)
	}
	e, name, _ := charset.DetermineEncoding(b, contentType)
	if name == "utf-8" {
		return string(b)
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return string(b)
	}
	return string(out)
}
