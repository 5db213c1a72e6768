package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanChars makes s valid UTF-8 (each invalid byte becomes U+FFFD), turns
// every line ending and line/paragraph separator into "\n", every kind of
// space and tab into " ", and drops BOMs, zero-width, bidi-control and other
// control characters. It runs in one pass.
func cleanChars(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n':
				b.WriteByte('\n')
			case c == '\r':
				if i < len(s) && s[i] == '\n' {
					i++
				}
				b.WriteByte('\n')
			case c == '\f' || c == '\v':
				b.WriteByte('\n')
			case c == '\t':
				b.WriteByte(' ')
			case c < 0x20 || c == 0x7f:
				// other C0 controls and DEL: dropped
			default:
				b.WriteByte(c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		switch {
		case r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case isSpaceRune(r):
			b.WriteByte(' ')
		case isInvisible(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isSpaceRune reports the non-ASCII spaces mapped to " ".
func isSpaceRune(r rune) bool {
	switch {
	case r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// isInvisible reports characters with no visible form that only get in the
// way of matching: BOM, zero-width spaces and joiners, soft hyphen, bidi
// marks and embeddings, C1 controls and the noncharacters U+FFFE/U+FFFF.
func isInvisible(r rune) bool {
	switch {
	case r == 0xfeff, r == 0xad, r == 0x180e, r == 0x034f:
		return true
	case r >= 0x200b && r <= 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2060 && r <= 0x206f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0xfffe || r == 0xffff:
		return true
	}
	return unicode.Is(unicode.Cc, r)
}

// collapseSpaces trims s and turns each run of spaces into one space. Its
// input holds no tabs (cleanChars turned them into spaces).
func collapseSpaces(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// oneLine returns s as a single normalized line: characters cleaned, every
// line break turned into a space, spaces collapsed.
func oneLine(s string) string {
	s = cleanChars(s)
	s = strings.ReplaceAll(s, "\n", " ")
	return collapseSpaces(s)
}
