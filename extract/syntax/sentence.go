package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSentenceTokens bounds the length of a sentence; longer runs (lists,
// tables, text without punctuation) are cut, so that the work per sentence
// stays bounded.
const MaxSentenceTokens = 160

// Span is a sentence: a span of the text with its tokens.
type Span struct {
	Start, End int
	Tokens     []Token
}

// Split splits text into sentences with byte offsets. Blank lines and lines
// that end a sentence are hard breaks; hard-wrapped lines inside a
// paragraph are joined.
func Split(text string) []Span {
	var out []Span
	lineStart := 0
	blockStart := -1
	var toks []Token
	flush := func(end int) {
		if blockStart >= 0 {
			out = splitBlock(text, toks, out)
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
			toks = TokenizeRange(text, lineStart, lineEnd, toks)
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
	if utf8.RuneCountInString(last) < 40 || IsAllCaps(line) {
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
func splitBlock(text string, toks []Token, out []Span) []Span {
	if len(toks) == 0 {
		return out
	}
	begin := 0
	emit := func(endTok int) {
		for endTok-begin > MaxSentenceTokens {
			cut := begin + MaxSentenceTokens
			for k := cut - 1; k > begin+MaxSentenceTokens/2; k-- {
				if toks[k].Kind == Punct {
					cut = k + 1
					break
				}
			}
			out = append(out, Span{Start: toks[begin].Start, End: toks[cut-1].End, Tokens: append([]Token(nil), toks[begin:cut]...)})
			begin = cut
		}
		if endTok <= begin {
			return
		}
		out = append(out, Span{Start: toks[begin].Start, End: toks[endTok-1].End, Tokens: append([]Token(nil), toks[begin:endTok]...)})
		begin = endTok
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		final := false
		switch {
		case t.Kind == Punct && (t.Lower == "." || t.Lower == "!" || t.Lower == "?"):
			final = true
			if t.Lower == "." && i+1 < len(toks) && toks[i+1].Start == t.End && toks[i+1].Kind != Punct {
				final = false // "end.Next": no space, not a sentence end
			}
		case t.Kind == Word && strings.HasSuffix(t.Lower, ".") && (strings.Count(t.Lower, ".") > 1 || companyAbbrevs[t.Lower]):
			// "U.S." and "Corp." end a sentence only before a typical sentence opener
			if i+1 < len(toks) && sentenceStarters[toks[i+1].Lower] && IsCap(toks[i+1].Text(text)) {
				final = true
			}
		}
		if !final {
			continue
		}
		j := i + 1
		for j < len(toks) && (closers[toks[j].Lower] || toks[j].Lower == "." || toks[j].Lower == "!" || toks[j].Lower == "?") {
			j++
		}
		if j < len(toks) {
			nr, _ := utf8.DecodeRuneInString(toks[j].Text(text))
			if unicode.IsLower(nr) && t.Lower != "." {
				continue // "?" or "!" inside a quoted question
			}
		}
		emit(j)
		i = j - 1
	}
	emit(len(toks))
	return out
}
