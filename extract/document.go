package extract

import (
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/relations"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// document is the state of one extraction.
type document struct {
	e    *Extractor
	text string
	m    *mentions.Doc
	mem  relations.Memory
	rels []Relation
}

func newDocument(e *Extractor, text string) *document {
	return &document{e: e, text: text, m: mentions.NewDoc(e.g, e.lx, text, e.parser.CommonWord, e.parser.Lemma)}
}

// sentence runs the stages on one sentence.
func (d *document) sentence(l *line) {
	toks := syntax.DropScareQuotes(l.span.Tokens)
	if len(toks) == 0 {
		return
	}
	d.e.parser.Tag(d.text, toks)
	var dateline []mentions.Fact
	if len(l.dateline) > 0 {
		dateline = d.m.Dateline(l.dateline)
	}
	names, facts := d.m.Names(toks, l.title, l.caps)
	if l.caps {
		return
	}
	syn := d.e.parser.Parse(d.text, toks, mentions.Atoms(names))
	syn.Headline = l.title
	ms := d.m.Phrases(syn, names, append(facts, dateline...))
	claims := d.e.rules.Sentence(d.m, ms, &d.mem)
	start, end := l.span.Start, l.span.End
	for _, c := range claims {
		conf := c.Conf
		if l.title {
			conf *= 0.9 // a headline states less precisely
		}
		d.rels = append(d.rels, Relation{Subject: c.Subject, Predicate: c.Pred, Object: c.Object, About: c.About,
			Confidence: round2(conf), Sentence: d.text[start:end], Start: start, End: end, Verb: c.Verb})
	}
}

func round2(f float64) float64 {
	if f > 1 {
		f = 1
	}
	return float64(int(f*100+0.5)) / 100
}

// result assembles the Result: confirmed entities and those that take part
// in a relation, in order of first mention; relations by position, each
// (subject, predicate, object, sentence) once.
func (d *document) result() *Result {
	r := &Result{}
	inRel := map[string]bool{}
	seen := map[string]bool{}
	for _, rel := range d.rels {
		rel.Subject, rel.Object = d.m.Renamed(rel.Subject), d.m.Renamed(rel.Object)
		if rel.About != "" {
			rel.About = d.m.Renamed(rel.About)
		}
		if rel.Subject == rel.Object {
			continue // an actor and the name it was given later
		}
		id := rel.Subject + "|" + string(rel.Predicate) + "|" + rel.Object + "|" + itoa(rel.Start)
		if seen[id] {
			continue
		}
		seen[id] = true
		r.Relations = append(r.Relations, rel)
		for _, k := range []string{rel.Subject, rel.Object, rel.About} {
			if k != "" {
				inRel[k] = true
			}
		}
	}
	kept := map[string]bool{}
	for _, e := range d.m.Entities() {
		if !e.Confirmed && !inRel[e.Key] {
			continue
		}
		if e.Type == ontology.Sector && !inRel[e.Key] {
			continue
		}
		r.Entities = append(r.Entities, Entity{Key: e.Key, Name: e.Name, Type: e.Type,
			Aliases: append([]string(nil), e.Aliases...), Role: e.Role, Description: e.Description})
		kept[e.Key] = true
	}
	for _, m := range d.m.Mentions() {
		if kept[m.Key] {
			r.Mentions = append(r.Mentions, Mention{Entity: m.Key, Text: d.text[m.Start:m.End], Start: m.Start, End: m.End,
				Method: Method(m.Method), Alias: m.Alias})
		}
	}
	sort.SliceStable(r.Relations, func(i, j int) bool { return r.Relations[i].Start < r.Relations[j].Start })
	return r
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// line is a sentence with what its form says.
type line struct {
	span   syntax.Span
	caps   bool // an all-caps line (a teaser or shouted headline)
	title  bool // a line without final punctuation (headline, menu, feed line)
	credit bool // a byline or credits line ("Reporting by …"): not extracted
	// dateline holds the tokens of a wire dateline cut from the start of
	// the sentence ("MOSCOW, June 21 (Reuters)"): its place and agency are
	// entities, but not part of the evidence sentence
	dateline []syntax.Token
}

// titleLower are the words a headline in title case leaves in lower case:
// articles, conjunctions and short prepositions.
var titleLower = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "nor": true, "but": true, "as": true,
	"at": true, "by": true, "for": true, "from": true, "in": true, "into": true, "of": true, "off": true,
	"on": true, "onto": true, "over": true, "per": true, "to": true, "up": true, "upon": true, "via": true,
	"vs": true, "with": true, "amid": true, "than": true,
}

// classify marks all-caps lines, title-like lines and credit lines, and
// cuts a trailing " - Source" from a headline and a wire dateline from the
// start of a sentence.
func classify(text string, s syntax.Span) line {
	l := line{span: s}
	letters, upper, words := 0, 0, 0
	for _, t := range s.Tokens {
		if t.Kind != syntax.Word {
			continue
		}
		words++
		for _, r := range t.Text(text) {
			if syntax.IsLetter(r) {
				letters++
				if strings.ToUpper(string(r)) == string(r) {
					upper++
				}
			}
		}
	}
	l.caps = words >= 2 && letters >= 6 && upper*10 >= letters*9
	capWords, lowerContent := 0, false
	for _, t := range s.Tokens {
		if t.Kind != syntax.Word {
			continue
		}
		if w := t.Text(text); syntax.IsCap(w) {
			capWords++
		} else if !titleLower[t.Lower] && syntax.IsLetter([]rune(w)[0]) {
			lowerContent = true
		}
	}
	last := s.Tokens[len(s.Tokens)-1].Lower
	// a headline in title case capitalizes all but short function words; a
	// sentence dense in names still has its verb in lower case ("The
	// Justice Department charged Zhu Hua.")
	l.title = !(last == "." || last == "!" || last == "?" || last == "\"" || last == "'" || last == ")") ||
		words >= 4 && capWords*10 >= words*7 && !lowerContent
	cutSource(text, &l)
	cutDateline(text, &l)
	l.credit = isCredit(text, l.span)
	return l
}
