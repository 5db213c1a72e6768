package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Markdown (and markdown-like plain text) is simplified line by line:
//
//   - block prefixes go: "> " quote marks, "# " heading marks (and closing
//     "#"s), "- ", "* ", "+ ", "• " bullets;
//   - images ![alt](url) go, links [text](url) become their text;
//   - emphasis markers (*, **, _, __ …) around words go; intraword "_" and
//     arithmetic "*" stay because they do not flank a word;
//   - link reference definitions "[1]: http://…" go;
//   - fenced code blocks (``` or ~~~) are kept as they are, fences included.
//
// The rewrite is applied until the line stops changing, so its result is a
// fixed point: normalizing again changes nothing. A pathological line that
// keeps changing after a few rounds loses its markup characters instead.

const maxMarkdownRounds = 8

var (
	blockPrefixRE = regexp.MustCompile(`^(?:>\s*|#{1,6}(?:\s+|$)|[-*+•·▪►]\s+)+`)
	closingHashRE = regexp.MustCompile(`(?:\s+#+)+$`)
	linkRefDefRE  = regexp.MustCompile(`^\[[^\[\]]+\]:\s*\S+`)
)

// markdownLine rewrites one whitespace-normalized line to its fixed point.
func markdownLine(s string) string {
	if !needsMarkdown(s) {
		return s
	}
	for range maxMarkdownRounds {
		next := markdownRound(s)
		if next == s {
			return s
		}
		s = next
	}
	// Still changing: drop the markup characters, then take the prefixes
	// off; what is left has nothing the rewrite acts on.
	s = strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', '*', '_':
			return -1
		}
		return r
	}, s)
	s = collapseSpaces(s)
	for range maxMarkdownRounds {
		next := collapseSpaces(blockPrefixRE.ReplaceAllString(s, ""))
		if next == s {
			break
		}
		s = next
	}
	return s
}

// needsMarkdown is a fast test: only lines with markup characters, or that
// start with a prefix character, can change.
func needsMarkdown(s string) bool {
	if s == "" {
		return false
	}
	if strings.ContainsAny(s, "[*_") {
		return true
	}
	switch s[0] {
	case '>', '#', '-', '+':
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r == '•' || r == '·' || r == '▪' || r == '►'
}

// markdownRound is one rewrite of a line.
func markdownRound(s string) string {
	if linkRefDefRE.MatchString(s) {
		return ""
	}
	if loc := blockPrefixRE.FindStringIndex(s); loc != nil {
		heading := strings.Contains(s[:loc[1]], "#")
		s = s[loc[1]:]
		if heading {
			s = closingHashRE.ReplaceAllString(s, "")
		}
	}
	if strings.Contains(s, "](") {
		s = rewriteLinks(s)
	}
	if strings.ContainsAny(s, "*_") {
		s = stripEmphasis(s)
	}
	return collapseSpaces(s)
}

// rewriteLinks replaces [text](url) by text and removes ![alt](url), with
// nesting handled by a stack of open brackets.
func rewriteLinks(s string) string {
	var out []byte
	var open []int // positions in out of unmatched "[", or of the "!" of "!["
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '[':
			if len(out) > 0 && out[len(out)-1] == '!' {
				open = append(open, len(out)-1)
			} else {
				open = append(open, len(out))
			}
			out = append(out, c)
			continue
		case ']':
			if len(open) > 0 {
				if end, ok := linkTarget(s, i+1); ok {
					p := open[len(open)-1]
					open = open[:len(open)-1]
					if out[p] == '!' {
						out = out[:p] // an image: alt text and all
					} else {
						out = append(out[:p], out[p+1:]...)
					}
					// Positions after p moved left; the stack only holds
					// positions before p, so it stays valid.
					i = end - 1
					continue
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// linkTarget matches "(url)" or (url "title") at s[i:] and returns the index
// just past the closing parenthesis.
func linkTarget(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '(' {
		return 0, false
	}
	j := i + 1
	for j < len(s) && s[j] != ')' && s[j] != '(' && s[j] != ' ' && s[j] != '[' && s[j] != ']' {
		j++
	}
	if j < len(s) && s[j] == ' ' {
		// optional title: (url "title")
		k := j + 1
		if k < len(s) && s[k] == '"' {
			end := strings.IndexByte(s[k+1:], '"')
			if end < 0 {
				return 0, false
			}
			k += end + 2
			if k < len(s) && s[k] == ')' {
				return k + 1, true
			}
		}
		return 0, false
	}
	if j < len(s) && s[j] == ')' {
		return j + 1, true
	}
	return 0, false
}

// stripEmphasis removes paired runs of "*" and "_" that open before a word
// and close after one. A run opens when it is followed by a non-space and
// preceded by the start, a space or punctuation; it closes when it is
// preceded by a non-space and followed by the end, a space or punctuation.
// Closers pair with the nearest opener (a stack), so what is left unpaired
// can never pair on a second pass.
func stripEmphasis(s string) string {
	type run struct {
		start, end int
		drop       bool
	}
	var runs []run
	var stack []int // indexes in runs of unpaired openers
	paired := false
	for i := 0; i < len(s); {
		if s[i] != '*' && s[i] != '_' {
			i++
			continue
		}
		j := i
		for j < len(s) && (s[j] == '*' || s[j] == '_') {
			j++
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[j:])
		atStart, atEnd := i == 0, j == len(s)
		left := !atEnd && !isSpace(next) && (atStart || isSpace(prev) || isPunct(prev))
		right := !atStart && !isSpace(prev) && (atEnd || isSpace(next) || isPunct(next))
		switch {
		case right && len(stack) > 0:
			runs[stack[len(stack)-1]].drop = true
			stack = stack[:len(stack)-1]
			runs = append(runs, run{i, j, true})
			paired = true
		case left:
			stack = append(stack, len(runs))
			runs = append(runs, run{i, j, false})
		}
		i = j
	}
	if !paired {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, r := range runs {
		if r.drop {
			b.WriteString(s[at:r.start])
			at = r.end
		}
	}
	b.WriteString(s[at:])
	return b.String()
}

func isSpace(r rune) bool { return r == ' ' || unicode.IsSpace(r) }

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// isFence reports a fenced-code-block delimiter line.
func isFence(s string) bool {
	return strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~")
}
