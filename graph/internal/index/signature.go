package index

import "math/bits"

// A keySig sums up a key for the fuzzy search, so that comparing it with
// the text's rules out most candidates without reading their keys (see
// mayBeNear).
type keySig struct {
	// classes holds the byte length (at most maxSigLen) in its top byte
	// and, below, the set of the key's byte classes (see byteClass)
	classes uint64
	// pairs is the set of the key's byte pairs, hashed to 64 bits
	pairs uint64
}

// maxSigLen is the largest length a signature tells apart.
const maxSigLen = 255

// nonASCII is the class of the bytes of multi-byte runes.
const nonASCII = 55

func signature(s string) keySig {
	var sig keySig
	for i := 0; i < len(s); i++ {
		sig.classes |= 1 << byteClass(s[i])
		if i > 0 {
			sig.pairs |= 1 << pairHash(s[i-1], s[i])
		}
	}
	sig.classes |= uint64(min(len(s), maxSigLen)) << 56
	return sig
}

// byteClass sorts bytes into 56 classes: letters, digits, space and hyphen
// have one each, the other ASCII bytes share 18, and every byte of a
// multi-byte rune is in the last.
func byteClass(b byte) uint {
	switch {
	case b >= 'a' && b <= 'z':
		return uint(b - 'a')
	case b >= '0' && b <= '9':
		return 26 + uint(b-'0')
	case b == ' ':
		return 36
	case b == '-':
		return 37
	case b >= 0x80:
		return nonASCII
	}
	return 38 + uint(b)%17
}

// pairHash maps a pair of bytes to one of 64 bits.
func pairHash(a, b byte) uint {
	return uint((uint32(a)<<8|uint32(b))*2654435761) >> 26
}

// mayBeNear reports whether a key with signature sig may be within k edits
// of a text with signature text, as withinEdits counts them:
//   - the byte lengths differ by at most k;
//   - an edit takes out one rune and brings in one, whose bytes share a
//     class, so each side has at most k classes the other has not;
//   - when both are ASCII, an edit breaks at most two of the text's byte
//     pairs and makes at most two new ones, so each side has at most 2k
//     pair bits the other has not.
func mayBeNear(sig, text keySig, k int) bool {
	n, tn := int(sig.classes>>56), int(text.classes>>56)
	if n < maxSigLen && tn < maxSigLen && (n < tn-k || n > tn+k) {
		return false
	}
	const set = 1<<56 - 1
	a, b := sig.classes&set, text.classes&set
	if bits.OnesCount64(a&^b) > k || bits.OnesCount64(b&^a) > k {
		return false
	}
	if (a|b)&(1<<nonASCII) != 0 {
		return true
	}
	return bits.OnesCount64(sig.pairs&^text.pairs) <= 2*k && bits.OnesCount64(text.pairs&^sig.pairs) <= 2*k
}
