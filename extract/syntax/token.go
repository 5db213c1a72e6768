// Package syntax is the shared syntactic layer of extraction: tokens with
// byte offsets, sentences, part-of-speech tags, noun-phrase chunks and
// clauses (subject, verb group, objects, prepositional phrases), with the
// coordination, appositions, relative clauses, reported speech and
// nominalizations that the relation rules read.
//
// Everything is deterministic and linear in the size of the text. The tagger
// is a trigram hidden Markov model over the Penn Treebank tag set whose
// lexicon and tag trigrams come from data/lexicon/pos (see its README); the
// chunker and the clause analyzer are rules over the tags.
package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the coarse class of a token.
type Kind uint8

// Token kinds.
const (
	Word Kind = iota
	Number
	Punct
)

// Token is one word, number or punctuation mark, by byte offsets into the
// document text.
type Token struct {
	Start, End int
	// Lower is the token lower-cased, with typographic quotes, apostrophes
	// and dashes folded to ASCII.
	Lower string
	Kind  Kind
	// Tag is the part of speech, set by the Tagger.
	Tag Tag
}

// Text returns the token as written in text.
func (t Token) Text(text string) string { return text[t.Start:t.End] }

// abbreviations keep their period inside the token and do not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "adm": true, "capt": true, "cmdr": true, "maj": true,
	"brig": true, "cpl": true, "pvt": true, "supt": true, "det": true, "insp": true, "hon": true, "rev": true,
	"jr": true, "sr": true, "st": true, "mt": true, "ft": true, "ave": true, "pres": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
	"dept": true, "inc": true, "corp": true, "co": true, "ltd": true, "llc": true, "plc": true, "bros": true,
	"vs": true, "etc": true, "no": true, "nos": true, "approx": true, "est": true, "fig": true, "al": true,
}

// companyAbbrevs end a company's name and may end a sentence: "hacked Valve Corp. The …".
var companyAbbrevs = map[string]bool{"corp.": true, "inc.": true, "co.": true, "ltd.": true, "llc.": true, "plc.": true}

// sentenceStarters are words after which an abbreviation such as "U.S."
// ends a sentence.
var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "it": true, "he": true, "she": true, "they": true, "we": true,
	"in": true, "on": true, "but": true, "and": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "their": true, "his": true, "her": true, "officials": true, "there": true, "however": true,
}

// IsLetter reports whether r is a letter or a combining mark.
func IsLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

func isDigit(r rune) bool { return r >= '0' && r <= '9' || unicode.IsDigit(r) }
func isApos(r rune) bool  { return r == '\'' || r == '’' }

func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// Tokenize splits s into tokens with offsets relative to s.
func Tokenize(s string) []Token { return TokenizeRange(s, 0, len(s), nil) }

// TokenizeRange appends the tokens of s[from:to] to out. Possessive "'s",
// a plural possessive "'" and "n't" are tokens of their own; acronyms with
// periods ("U.S."), abbreviations ("Mr.", "Corp.") and initials keep their
// period.
func TokenizeRange(s string, from, to int, out []Token) []Token {
	first := len(out)
	i := from
	for i < to {
		r, n := runeAt(s, i)
		if r == utf8.RuneError && n <= 1 || unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			if n == 0 {
				n = 1
			}
			i += n
			continue
		}
		start := i
		switch {
		case IsLetter(r) || isDigit(r):
			i = scanWord(s, i, to)
			kind := Word
			if isDigit(r) {
				kind = Number
			}
			out = append(out, Token{Start: start, End: i, Kind: kind})
			// split a possessive or negative clitic into its own token
			if i < to {
				if r2, n2 := runeAt(s, i); isApos(r2) {
					j := i + n2
					if c, cn := runeAt(s, j); (c == 's' || c == 'S') && !nextIsLetter(s, j+cn, to) {
						out = append(out, Token{Start: i, End: j + cn, Kind: Word})
						i = j + cn
					} else if j >= to || !IsLetter(c) {
						// "hackers'" plural possessive
						out = append(out, Token{Start: i, End: j, Kind: Word})
						i = j
					}
				}
			}
		default:
			i += n
			out = append(out, Token{Start: start, End: i, Kind: Punct})
		}
	}
	for k := first; k < len(out); k++ {
		out[k].Lower = LowerNorm(s[out[k].Start:out[k].End])
	}
	return out
}

func nextIsLetter(s string, i, to int) bool {
	if i >= to {
		return false
	}
	r, _ := runeAt(s, i)
	return IsLetter(r) || isDigit(r)
}

// scanWord consumes a word starting at i: letters and digits joined by
// hyphens, periods of acronyms and abbreviations, ampersands and apostrophes
// inside names. It stops before a possessive "'s" and before "n't".
func scanWord(s string, i, to int) int {
	start := i
	dots := 0
	for i < to {
		r, n := runeAt(s, i)
		if IsLetter(r) || isDigit(r) {
			i += n
			continue
		}
		next, nn := runeAt(s, i+n)
		nextOK := i+n < to && (IsLetter(next) || isDigit(next))
		switch {
		case (r == '-' || r == '&' || r == '_' || r == '/' && isDigit(prevRune(s, i)) && isDigit(next)) && nextOK:
			i += n
			continue
		case isApos(r) && nextOK:
			// "n't": split before the n
			if (next == 't' || next == 'T') && i-start >= 2 && (s[i-1] == 'n' || s[i-1] == 'N') && !nextIsLetter(s, i+n+nn, to) {
				return i - 1
			}
			if (next == 's' || next == 'S') && !nextIsLetter(s, i+n+nn, to) {
				return i // possessive
			}
			i += n
			continue
		case r == '.' && nextOK && (IsLetter(next) || isDigit(next) && isDigit(prevRune(s, i))):
			// U.S, e.g, 2.0, TEMP.Periscope, example.com
			dots++
			i += n
			continue
		case r == '.':
			w := strings.ToLower(s[start:i])
			if dots > 0 && IsLetter(prevRune(s, i)) && singleSegments(s[start:i]) || abbreviations[w] || isInitial(s[start:i]) {
				// keep the period: "U.S.", "Mr.", "J."; "U.S.-based" goes on
				if nx, nn := runeAt(s, i+n); i+n < to && nx == '-' && nextIsLetter(s, i+n+nn, to) {
					i += n + nn
					continue
				}
				return i + n
			}
			return i
		case r == ',' && thousands(s, start, i, to):
			i += n // "3,000 accounts": one number
			continue
		case r == '$' && i > start && !nextOK:
			return i + n // "Lapsus$"
		}
		return i
	}
	return i
}

// thousands reports a comma at i that separates groups of three digits in
// the number that starts at start: "3,000", "1,250,000".
func thousands(s string, start, i, to int) bool {
	if i == start || i+4 > to {
		return false
	}
	for j := start; j < i; j++ {
		if (s[j] < '0' || s[j] > '9') && s[j] != ',' {
			return false
		}
	}
	for j := i + 1; j < i+4; j++ {
		if s[j] < '0' || s[j] > '9' {
			return false
		}
	}
	return i+4 == to || s[i+4] < '0' || s[i+4] > '9'
}

// singleSegments reports whether every period-separated part of w is one
// letter ("U.S", "U.S.A"), as in an acronym written with periods.
func singleSegments(w string) bool {
	for _, seg := range strings.Split(w, ".") {
		if utf8.RuneCountInString(seg) != 1 {
			return false
		}
	}
	return true
}

func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

func prevRune(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// LowerNorm lower-cases s and folds typographic apostrophes, quotes and
// dashes to ASCII.
func LowerNorm(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', '`', '´':
			return '\''
		case '“', '”', '„':
			return '"'
		case '–', '—':
			return '-'
		}
		return unicode.ToLower(r)
	}, s)
}

// IsCap reports whether a word starts with an upper-case letter.
func IsCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// IsAllCaps reports whether a word has letters and all of them are upper
// case.
func IsAllCaps(w string) bool {
	has := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// DropScareQuotes returns toks without the quotation marks around a short
// phrase inside a sentence ("a Minsk-based “news agency,” a front", "was
// “fully responsible” for"): such quotes mark words, not
// speech, and would split the phrase they are in. Quotes of speech (that
// open a sentence, or hold a clause) stay. toks is not modified.
func DropScareQuotes(toks []Token) []Token {
	var drop map[int]bool // allocated at the first scare quote
	for i := 1; i < len(toks); i++ {
		if toks[i].Lower != "\"" || toks[i-1].Kind == Punct {
			continue
		}
		j := i + 1
		words := 0
		for j < len(toks) && j <= i+6 && toks[j].Lower != "\"" {
			if toks[j].Kind == Punct && !(toks[j].Lower == "," || toks[j].Lower == "-") || toks[j].Lower == "," && j+1 < len(toks) && toks[j+1].Lower != "\"" {
				break // a clause or a sentence inside: speech
			}
			if toks[j].Kind != Punct {
				words++
			}
			j++
		}
		if j < len(toks) && toks[j].Lower == "\"" && words >= 1 && words <= 4 {
			if drop == nil {
				drop = map[int]bool{}
			}
			drop[i], drop[j] = true, true
			i = j
		}
	}
	if len(drop) == 0 {
		return toks
	}
	out := make([]Token, 0, len(toks)-len(drop))
	for i, t := range toks {
		if !drop[i] {
			out = append(out, t)
		}
	}
	return out
}
