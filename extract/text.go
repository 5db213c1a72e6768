package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word, number or punctuation mark, by byte offsets into the
// document text.
type token struct {
	start, end int
	lower      string // lower-cased, with typographic quotes folded
	kind       tokKind
}

type tokKind uint8

const (
	tkWord tokKind = iota
	tkNumber
	tkPunct
)

func (t token) text(s string) string { return s[t.start:t.end] }

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

// sentence starters after which an abbreviation such as "U.S." ends a sentence.
var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "it": true, "he": true, "she": true, "they": true, "we": true,
	"in": true, "on": true, "but": true, "and": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "their": true, "his": true, "her": true, "officials": true, "there": true, "however": true,
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }
func isDigit(r rune) bool  { return r >= '0' && r <= '9' || unicode.IsDigit(r) }
func isApos(r rune) bool   { return r == '\'' || r == '’' }

func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return r, n
}

// tokenize splits s into tokens with offsets relative to s.
func tokenize(s string) []token { return tokenizeRange(s, 0, len(s), nil) }

// tokenizeRange appends the tokens of s[from:to] to out.
func tokenizeRange(s string, from, to int, out []token) []token {
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
		case isLetter(r) || isDigit(r):
			i = scanWord(s, i, to)
			kind := tkWord
			if isDigit(r) {
				kind = tkNumber
			}
			out = append(out, token{start: start, end: i, kind: kind})
			// split a possessive or negative clitic into its own token
			if i < to {
				if r2, n2 := runeAt(s, i); isApos(r2) {
					j := i + n2
					if c, cn := runeAt(s, j); (c == 's' || c == 'S') && !nextIsLetter(s, j+cn, to) {
						out = append(out, token{start: i, end: j + cn, kind: tkWord})
						i = j + cn
					} else if j >= to || !isLetter(c) {
						// "hackers'" plural possessive
						out = append(out, token{start: i, end: j, kind: tkWord})
						i = j
					}
				}
			}
		default:
			i += n
			out = append(out, token{start: start, end: i, kind: tkPunct})
		}
	}
	for k := range out {
		if out[k].lower == "" {
			out[k].lower = lowerNorm(s[out[k].start:out[k].end])
		}
	}
	return out
}

func nextIsLetter(s string, i, to int) bool {
	if i >= to {
		return false
	}
	r, _ := runeAt(s, i)
	return isLetter(r) || isDigit(r)
}

// scanWord consumes a word starting at i: letters and digits joined by
// hyphens, periods of acronyms and abbreviations, ampersands and apostrophes
// inside names. It stops before a possessive "'s" and before "n't".
func scanWord(s string, i, to int) int {
	start := i
	dots := 0
	for i < to {
		r, n := runeAt(s, i)
		if isLetter(r) || isDigit(r) {
			i += n
			continue
		}
		next, nn := runeAt(s, i+n)
		nextOK := i+n < to && (isLetter(next) || isDigit(next))
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
		case r == '.' && nextOK && (isLetter(next) || isDigit(next) && isDigit(prevRune(s, i))):
			// U.S, e.g, 2.0, TEMP.Periscope, example.com
			dots++
			i += n
			continue
		case r == '.':
			w := strings.ToLower(s[start:i])
			if dots > 0 && isLetter(prevRune(s, i)) && singleSegments(s[start:i]) || abbreviations[w] || isInitial(s[start:i]) {
				// keep the period: "U.S.", "Mr.", "J."; "U.S.-based" goes on
				if nx, nn := runeAt(s, i+n); i+n < to && nx == '-' && nextIsLetter(s, i+n+nn, to) {
					i += n + nn
					continue
				}
				return i + n
			}
			return i
		case r == '$' && i > start && !nextOK:
			return i + n // "Lapsus$"
		}
		return i
	}
	return i
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

// isAcronymPart reports whether s[start:i] looks like the part of an
// acronym before an inner period ("U" in "U.S", "U.S" in "U.S.A").
func isAcronymPart(s string, start, i int) bool {
	seg := s[start:i]
	if k := strings.LastIndexByte(seg, '.'); k >= 0 {
		seg = seg[k+1:]
	}
	return utf8.RuneCountInString(seg) == 1
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

// lowerNorm lower-cases s and folds typographic apostrophes and quotes.
func lowerNorm(s string) string {
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

// isCap reports whether a word starts with an upper-case letter.
func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isAllCaps reports whether a word has letters and all of them are upper case.
func isAllCaps(w string) bool {
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

// maxSentenceTokens bounds the length of a sentence; longer runs are cut.
const maxSentenceTokens = 160

// sentence is a span of the text with its tokens.
type sentence struct {
	start, end int
	toks       []token
	caps       bool // an all-caps line (a teaser or shouted headline)
	title      bool // a line without final punctuation (headline, menu, feed line)
	credit     bool // a byline or credits line ("Reporting by …"): not extracted
}

// splitSentences splits text into sentences with byte offsets. Blank lines
// and lines that end a sentence are hard breaks; hard-wrapped lines inside a
// paragraph are joined.
func splitSentences(text string) []sentence {
	var out []sentence
	// blocks: runs of lines joined when a line is hard-wrapped mid-sentence
	lineStart := 0
	blockStart := -1
	var toks []token
	flush := func(end int) {
		if blockStart >= 0 {
			out = splitBlock(text, blockStart, end, toks, out)
		}
		blockStart = -1
		toks = toks[:0]
	}
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		line := strings.TrimSpace(text[lineStart:lineEnd])
		if line == "" {
			flush(lineStart)
		} else {
			if blockStart >= 0 && !joinLines(text[blockStart:lineStart], line) {
				flush(lineStart)
			}
			if blockStart < 0 {
				blockStart = lineStart
			}
			toks = tokenizeRange(text, lineStart, lineEnd, toks)
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	flush(len(text))
	return out
}

// joinLines reports whether line continues the sentence of the block before it.
func joinLines(prev, line string) bool {
	prev = strings.TrimSpace(prev)
	if prev == "" {
		return false
	}
	last := prev
	if k := strings.LastIndexByte(prev, '\n'); k >= 0 {
		last = strings.TrimSpace(prev[k+1:])
	}
	lr, _ := utf8.DecodeLastRuneInString(last)
	fr, _ := utf8.DecodeRuneInString(line)
	if strings.ContainsRune(".!?:\"”'’)]", lr) {
		return false
	}
	if utf8.RuneCountInString(last) < 40 || isAllCaps(line) {
		return false
	}
	if unicode.IsLower(fr) || lr == ',' {
		return true
	}
	lastWord := last
	if k := strings.LastIndexByte(last, ' '); k >= 0 {
		lastWord = last[k+1:]
	}
	if joinWords[strings.ToLower(lastWord)] {
		return true
	}
	// a long line cut after a lower-case word, not a headline with its source
	return unicode.IsLower(lr) && utf8.RuneCountInString(last) >= 60 &&
		!strings.Contains(last, " - ") && !strings.Contains(last, " | ")
}

// joinWords end a line only when the sentence goes on.
var joinWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "and": true, "or": true,
	"to": true, "in": true, "for": true, "on": true, "with": true, "by": true, "from": true, "that": true,
	"said": true, "at": true, "as": true, "its": true, "their": true, "his": true, "her": true}

var closers = map[string]bool{"\"": true, "'": true, ")": true, "]": true}

// splitBlock splits one block (a paragraph or a line) at sentence-final
// punctuation, appending the sentences to out.
func splitBlock(text string, from, to int, toks []token, out []sentence) []sentence {
	if len(toks) == 0 {
		return out
	}
	begin := 0
	emit := func(endTok int) {
		// an overlong "sentence" (a list, a table, text without punctuation)
		// is cut into pieces so that the work per sentence stays bounded
		for endTok-begin > maxSentenceTokens {
			cut := begin + maxSentenceTokens
			for k := cut - 1; k > begin+maxSentenceTokens/2; k-- {
				if toks[k].lower == "," || toks[k].lower == ";" || toks[k].kind == tkPunct {
					cut = k + 1
					break
				}
			}
			st := sentence{start: toks[begin].start, end: toks[cut-1].end}
			st.toks = append([]token(nil), toks[begin:cut]...)
			out = append(out, st)
			begin = cut
		}
		if endTok <= begin {
			return
		}
		st := sentence{start: toks[begin].start, end: toks[endTok-1].end}
		st.toks = append([]token(nil), toks[begin:endTok]...)
		out = append(out, st)
		begin = endTok
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		final := false
		switch {
		case t.kind == tkPunct && (t.lower == "." || t.lower == "!" || t.lower == "?"):
			final = true
			if t.lower == "." && i+1 < len(toks) && toks[i+1].start == t.end && toks[i+1].kind != tkPunct {
				final = false // "end.Next": no space, not a sentence end
			}
		case t.kind == tkWord && strings.HasSuffix(t.lower, ".") && (strings.Count(t.lower, ".") > 1 || companyAbbrevs[t.lower]):
			// "U.S." and "Corp." end a sentence only before a typical sentence opener
			if i+1 < len(toks) && sentenceStarters[toks[i+1].lower] && isCap(toks[i+1].text(text)) {
				final = true
			}
		}
		if !final {
			continue
		}
		j := i + 1
		for j < len(toks) && (closers[toks[j].lower] || toks[j].lower == "." || toks[j].lower == "!" || toks[j].lower == "?") {
			j++
		}
		if j < len(toks) {
			nr, _ := utf8.DecodeRuneInString(toks[j].text(text))
			if unicode.IsLower(nr) && t.lower != "." {
				continue // "?" or "!" inside a quoted question
			}
		}
		emit(j)
		i = j - 1
	}
	emit(len(toks))
	return out
}
