package graph

import (
	"encoding/base64"
	"strings"
)

// Cursors are opaque to clients: base64url of "ng1|kind|key". Decoding checks
// the version and the kind, so a cursor of one list cannot be replayed on
// another, and anything else is refused with EINVALID.
const cursorVersion = "ng1"

// MaxCursorLen bounds what a client may send as a cursor.
const MaxCursorLen = 1024

func encodeCursor(kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + "|" + kind + "|" + key))
}

// decodeCursor returns the key of a cursor made by encodeCursor(kind, key).
// An empty cursor decodes to "" (the start of the list).
func decodeCursor(kind, c string) (string, error) {
	if c == "" {
		return "", nil
	}
	if len(c) > MaxCursorLen {
		return "", Errorf(EINVALID, "invalid cursor: too long")
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", Errorf(EINVALID, "invalid cursor: not a cursor of this API")
	}
	parts := strings.SplitN(string(b), "|", 3)
	if len(parts) != 3 || parts[0] != cursorVersion {
		return "", Errorf(EINVALID, "invalid cursor: not a cursor of this API")
	}
	if parts[1] != kind {
		return "", Errorf(EINVALID, "invalid cursor: it belongs to a %s list, not a %s list", clip(parts[1]), kind)
	}
	return parts[2], nil
}

// PageInfo describes one page of a list.
type PageInfo struct {
	Total       int
	HasNext     bool
	HasPrev     bool
	EndCursor   string
	StartCursor string
}

// MaxPage is the largest page a caller may ask for.
const MaxPage = 500

func checkPage(p Page) (int, error) {
	switch {
	case p.First < 0:
		return 0, Errorf(EINVALID, "first must not be negative")
	case p.First > MaxPage:
		return 0, Errorf(EINVALID, "first must be at most %d", MaxPage)
	case p.First == 0:
		return 50, nil
	}
	return p.First, nil
}

// paginate slices keys (sorted ascending, unique) after the cursor's key.
// It returns the index range [lo, hi) and the page info.
func paginate(kind string, keys []string, p Page) (lo, hi int, info PageInfo, err error) {
	n, err := checkPage(p)
	if err != nil {
		return 0, 0, PageInfo{}, err
	}
	after, err := decodeCursor(kind, p.After)
	if err != nil {
		return 0, 0, PageInfo{}, err
	}
	lo = 0
	if after != "" {
		lo = searchStrings(keys, after)
		if lo < len(keys) && keys[lo] == after {
			lo++
		}
	}
	hi = min(lo+n, len(keys))
	info = PageInfo{Total: len(keys), HasNext: hi < len(keys), HasPrev: lo > 0}
	if hi > lo {
		info.StartCursor = encodeCursor(kind, keys[lo])
		info.EndCursor = encodeCursor(kind, keys[hi-1])
	}
	return lo, hi, info, nil
}

func searchStrings(a []string, x string) int {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Cursor returns the cursor of an item with the given key in a list of kind.
func Cursor(kind, key string) string { return encodeCursor(kind, key) }
