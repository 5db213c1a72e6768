package dedup

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
)

const (
	// ShingleWords is k, the number of words in a shingle. Five words are
	// long enough that two different articles about the same event rarely
	// share a shingle by chance (stock phrases such as "the justice
	// department said" are four words), and short enough that a changed
	// word removes only five shingles, so light edits keep most of them.
	ShingleWords = 5
	// NumHashes is the length of a Signature: the number of MinHash
	// functions. The standard error of the estimated Jaccard similarity is
	// about sqrt(J(1-J)/NumHashes), at most 0.044.
	NumHashes = 128
	// SignatureVersion is the first byte of an encoded Signature. It names
	// the shingling, the hash and the mixing; change it when any changes.
	SignatureVersion byte = 1
	// EncodedLen is the length of an encoded Signature in bytes.
	EncodedLen = 1 + 8*NumHashes

	// golden is 2^64 divided by the golden ratio, the splitmix64 increment.
	golden = 0x9e3779b97f4a7c15
)

// Signature is the MinHash signature of a text: for each of NumHashes hash
// functions, the least hash value over the text's shingles. The share of
// positions where two signatures agree estimates the Jaccard similarity of
// the two texts' shingle sets.
type Signature [NumHashes]uint64

// Fingerprint returns the MinHash signature of text. The text is lowercased
// and split into words at every character that is not a letter or digit
// (so punctuation and whitespace differences vanish); the words are grouped
// into overlapping shingles of ShingleWords words. A text of fewer words is
// one shingle of all its words, and a text without words is the single
// empty shingle, so every text has a deterministic signature.
func Fingerprint(text string) Signature {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	words := Words(text)
	n := len(words) - ShingleWords + 1
	if n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		end := min(i+ShingleWords, len(words))
		sig.add(shingleHash(words[i:end]))
	}
	return sig
}

// Words returns the lowercased words of text: maximal runs of letters and
// digits. Everything else separates words.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// shingleHash is the 64-bit FNV-1a hash of the words joined by one space,
// computed in place (hash/fnv would allocate for every shingle).
func shingleHash(words []string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i, w := range words {
		if i > 0 {
			h = (h ^ ' ') * prime
		}
		for j := 0; j < len(w); j++ {
			h = (h ^ uint64(w[j])) * prime
		}
	}
	return h
}

// add folds one shingle hash into the signature. Hash function i is the
// splitmix64 finalizer applied to h + (i+1)·golden: one 64-bit hash,
// NumHashes seeded mixes, no tables.
func (s *Signature) add(h uint64) {
	for i := range s {
		if v := mix(h + uint64(i+1)*golden); v < s[i] {
			s[i] = v
		}
	}
}

// mix is the splitmix64 finalizer, a bijection on uint64 with full
// avalanche.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Similarity estimates the Jaccard similarity of the shingle sets behind s
// and t: the share of hash functions whose minima agree.
func (s *Signature) Similarity(t *Signature) float64 {
	same := 0
	for i := range s {
		if s[i] == t[i] {
			same++
		}
	}
	return float64(same) / NumHashes
}

// encodingError is a constant error type, so ErrEncoding needs no global
// variable.
type encodingError string

func (e encodingError) Error() string { return string(e) }

// ErrEncoding reports an encoded signature that cannot be decoded; test for
// it with errors.Is.
const ErrEncoding = encodingError("dedup: bad signature encoding")

// MarshalBinary encodes s as SignatureVersion followed by its NumHashes
// values, big-endian: EncodedLen bytes.
func (s *Signature) MarshalBinary() ([]byte, error) {
	b := make([]byte, 1, EncodedLen)
	b[0] = SignatureVersion
	for _, v := range s {
		b = binary.BigEndian.AppendUint64(b, v)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote. It refuses another
// version or length with an error wrapping ErrEncoding, leaving s unchanged.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b) != EncodedLen {
		return fmt.Errorf("dedup: decode signature: %d bytes, want %d: %w", len(b), EncodedLen, ErrEncoding)
	}
	if b[0] != SignatureVersion {
		return fmt.Errorf("dedup: decode signature: version %d, want %d: %w", b[0], SignatureVersion, ErrEncoding)
	}
	for i := range s {
		s[i] = binary.BigEndian.Uint64(b[1+8*i:])
	}
	return nil
}
