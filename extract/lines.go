package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
)

// isCredit reports a byline or a credits line of a wire story ("By Jane Doe
// and John Roe", "Reporting by …; Editing by …"): the people named there
// wrote the story, they are not in it.
func isCredit(text string, s syntax.Span) bool {
	t := s.Tokens
	if len(t) >= 2 && t[0].Lower == "by" && len(t) <= 14 {
		for _, x := range t[1:] {
			switch {
			case x.Kind == syntax.Word && (syntax.IsCap(x.Text(text)) || x.Lower == "and"):
			case x.Kind == syntax.Punct && (x.Lower == "," || x.Lower == "." || x.Lower == "|"):
			default:
				return false
			}
		}
		return true
	}
	if len(t) >= 2 && t[0].Lower == "our" && t[1].Lower == "standards" {
		return true // a wire service's footer
	}
	if len(t) <= 4 && len(t) >= 3 && t[0].Lower == "for" && t[1].Lower == "immediate" && t[2].Lower == "release" {
		return true // a press release's header
	}
	for i := 0; i+1 < len(t); i++ {
		if t[i+1].Lower != "by" {
			continue
		}
		switch t[i].Lower {
		case "reporting", "editing", "writing", "compiled", "edited", "produced", "photographs", "graphics":
			if i == 0 || t[i-1].Lower == ";" || t[i-1].Lower == "additional" || t[i-1].Lower == "(" {
				return true
			}
		}
	}
	return false
}

var monthWords = map[string]bool{"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "january": true,
	"february": true, "march": true, "april": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true}

// cutDateline drops a wire dateline ("WASHINGTON (Reuters) —", "BRUSSELS —",
// "MOSCOW, June 21 (Reuters) –", "New Delhi:") from the start of a
// sentence: it is where the story was filed, not part of what it states,
// and the evidence sentence starts after it.
func cutDateline(text string, l *line) {
	s := &l.span
	i := 0
	for i < len(s.Tokens) && i < 6 && (s.Tokens[i].Kind == syntax.Word && syntax.IsAllCaps(s.Tokens[i].Text(text)) || s.Tokens[i].Lower == "," || s.Tokens[i].Lower == ".") {
		i++
	}
	if i == 0 {
		cutPlaceLine(text, l)
		return
	}
	// "FRANKFURT, Germany (AFP) —": a country after the place
	if i > 0 && i+1 < len(s.Tokens) && s.Tokens[i-1].Lower == "," && syntax.IsCap(s.Tokens[i].Text(text)) && s.Tokens[i+1].Lower == "(" {
		i++
	}
	// "WASHINGTON, Oct 19 (Reuters) -": a date after the place
	if i > 0 && i+1 < len(s.Tokens) && s.Tokens[i-1].Lower == "," && monthWords[strings.TrimSuffix(s.Tokens[i].Lower, ".")] {
		i++
		for i < len(s.Tokens) && (s.Tokens[i].Kind == syntax.Number || s.Tokens[i].Lower == ",") {
			i++
		}
	}
	if i == 0 || i >= len(s.Tokens) {
		return
	}
	j := i
	if s.Tokens[j].Lower == "(" {
		for j < len(s.Tokens) && j < i+8 && s.Tokens[j].Lower != ")" {
			j++
		}
		j++
	}
	if j < len(s.Tokens) && (s.Tokens[j].Lower == "-" || s.Tokens[j].Lower == ":") && j+1 < len(s.Tokens) {
		l.dateline = s.Tokens[:j]
		s.Tokens = s.Tokens[j+1:]
		s.Start = s.Tokens[0].Start
	}
}

// cutPlaceLine drops a place written before a colon at the start of a
// story ("New Delhi: India on Tuesday …"): one to three capitalized words.
func cutPlaceLine(text string, l *line) {
	s := &l.span
	for n := 1; n <= 3 && n+1 < len(s.Tokens); n++ {
		if !syntax.IsCap(s.Tokens[n-1].Text(text)) || s.Tokens[n-1].Kind != syntax.Word {
			return
		}
		if s.Tokens[n].Lower == ":" {
			l.dateline = s.Tokens[:n]
			s.Tokens = s.Tokens[n+1:]
			s.Start = s.Tokens[0].Start
			return
		}
	}
}

// cutSource drops a trailing " - Source" (a headline's publication, 1 to 4
// capitalized words, before the end or a closing quote).
func cutSource(text string, l *line) {
	s := &l.span
	end := len(s.Tokens)
	for end > 0 && (s.Tokens[end-1].Lower == "\"" || s.Tokens[end-1].Lower == "'" || s.Tokens[end-1].Lower == ")") {
		end--
	}
	for i := end - 1; i > 0 && i >= end-5; i-- {
		t := s.Tokens[i]
		if t.Kind == syntax.Punct && (t.Lower == "-" || t.Lower == "|") && i+1 < end {
			ok := true
			for _, u := range s.Tokens[i+1 : end] {
				if u.Kind == syntax.Word && !syntax.IsCap(u.Text(text)) && !(u.Lower != "" && u.Lower[0] >= '0' && u.Lower[0] <= '9') {
					ok = false
				}
			}
			if ok && i >= 3 {
				s.Tokens = s.Tokens[:i]
				s.End = s.Tokens[i-1].End
			}
			return
		}
	}
}
