package mentions

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// entry is one gazetteer record: a canonical entity and how text names it.
type entry struct {
	Key      string
	Name     string
	Type     ontology.EntityType
	Aliases  []string // every name that resolves to the entry, Name excluded
	Generic  []string // names valid only with the entry's country in context
	Demonyms []string // adjectives for a country ("Chinese")
	Seats    []string // aliases that are seats of government or capitals ("Moscow", "the Kremlin")
	Country  string   // key of the country the entry belongs to, or ""
	Parent   string   // key of the body the entry belongs to, or ""
	Role     string   // a person's title
	Org      string   // key of a person's organization
	Product  string   // key of an event's product
	Target   string   // key of an event's victim
	Vendor   string   // key of a product's maker
	Desc     string
	Source   string // "gazetteer" or "store"
	// raw references by name, resolved to keys after all files are read
	country, parent, org, product, target, vendor string
}

// pattern is one alias as a token sequence.
type pattern struct {
	toks  []string // lower-case tokens
	orig  []string // tokens as written
	mode  caseMode
	key   string
	alias string
	dem   bool // a demonym: an adjective for the country
	seat  bool // a seat of government or capital: a place as well as the country
}

type caseMode uint8

const (
	caseInsensitive caseMode = iota // lower-case aliases ("health care")
	caseFirst                       // capitalized aliases: the first letter must be upper case
	caseExact                       // acronyms and all-caps names: exact case
)

// Gazetteer is the extractor's knowledge of names: countries, agencies,
// organizations, threat groups, software, events, sectors, places and people,
// with their aliases, plus the verb lexicon and word lists. It is immutable
// once built and safe for concurrent use.
type Gazetteer struct {
	entries  map[string]*entry
	order    []string              // keys in load order
	index    map[string][]*pattern // first lower-case token → patterns, longest first
	demonyms map[string]string     // demonym as written → country key
	generic  map[string][]string   // lower-case generic alias → entry keys
	byCtry   map[string][]string   // country key → entry keys of bodies it owns
	genPats  map[string][]genPat   // country key → generic names of its bodies
	events   map[string][]string   // product, target or vendor key → event keys
	products map[string][]string   // vendor key → product keys
}

// LoadGazetteer reads gazetteer/*.tsv and lexicon/*.tsv from fsys (usually
// data.FS). The formats are described in data/gazetteer/README.md and
// data/lexicon/README.md.
func LoadGazetteer(fsys fs.FS) (*Gazetteer, error) {
	g := &Gazetteer{entries: map[string]*entry{}}
	names, err := fs.Glob(fsys, "gazetteer/*.tsv")
	if err != nil {
		return nil, fmt.Errorf("mentions: list gazetteer: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("mentions: load gazetteer: no gazetteer/*.tsv files")
	}
	sort.Strings(names)
	byName := map[string]string{} // lower name or alias → key (first wins), for references
	for _, name := range names {
		if err := g.loadFile(fsys, name, byName); err != nil {
			return nil, err
		}
	}
	for _, k := range g.order {
		e := g.entries[k]
		for _, ref := range []struct {
			raw string
			dst *string
		}{{e.country, &e.Country}, {e.parent, &e.Parent}, {e.org, &e.Org}, {e.product, &e.Product}, {e.target, &e.Target}, {e.vendor, &e.Vendor}} {
			if ref.raw == "" {
				continue
			}
			key, ok := byName[strings.ToLower(ref.raw)]
			if !ok {
				return nil, fmt.Errorf("mentions: load gazetteer: %s refers to unknown %q", e.Name, ref.raw)
			}
			*ref.dst = key
		}
	}
	g.build()
	return g, nil
}

func (g *Gazetteer) loadFile(fsys fs.FS, name string, byName map[string]string) error {
	err := data.ReadTSV(fsys, name, func(cols []string) error {
		e, err := parseEntry(cols)
		if err != nil {
			return err
		}
		if _, dup := g.entries[e.Key]; dup {
			return fmt.Errorf("duplicate entry %s", e.Key)
		}
		e.Aliases = dedupAliases(e.Name, e.Aliases)
		g.entries[e.Key] = e
		g.order = append(g.order, e.Key)
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if _, ok := byName[strings.ToLower(n)]; !ok {
				byName[strings.ToLower(n)] = e.Key
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mentions: load gazetteer: %w", err)
	}
	return nil
}

// parseEntry reads one gazetteer row: name, type, aliases, attributes.
func parseEntry(cols []string) (*entry, error) {
	if len(cols) < 2 {
		return nil, fmt.Errorf("want name and type")
	}
	t, ok := ontology.ParseEntityType(cols[1])
	if !ok {
		return nil, fmt.Errorf("unknown type %q", cols[1])
	}
	e := &entry{Name: strings.TrimSpace(cols[0]), Type: t, Source: "gazetteer"}
	e.Key = ontology.Key(t, e.Name)
	if len(cols) > 2 {
		e.Aliases = splitList(cols[2])
	}
	if len(cols) > 3 {
		for _, kv := range strings.Split(cols[3], ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok {
				if strings.TrimSpace(kv) != "" {
					return nil, fmt.Errorf("bad attribute %q", kv)
				}
				continue
			}
			switch k {
			case "seat":
				e.Seats = splitList(v)
			case "demonym":
				e.Demonyms = splitList(v)
			case "generic":
				e.Generic = splitList(v)
			case "country":
				e.country = v
			case "parent":
				e.parent = v
			case "org":
				e.org = v
			case "product":
				e.product = v
			case "target":
				e.target = v
			case "role":
				e.Role = v
			case "desc":
				e.Desc = v
			case "vendor":
				e.vendor = v
			case "year":
				// informational
			default:
				return nil, fmt.Errorf("unknown attribute %q", k)
			}
		}
	}
	return e, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func dedupAliases(name string, aliases []string) []string {
	seen := map[string]bool{name: true}
	var out []string
	for _, a := range aliases {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// aliasMode decides how strictly an alias must match its case.
func aliasMode(alias string) caseMode {
	hasLower, hasUpper := false, false
	for _, r := range alias {
		if r >= 'a' && r <= 'z' {
			hasLower = true
		}
		if r >= 'A' && r <= 'Z' {
			hasUpper = true
		}
	}
	switch {
	case hasUpper && !hasLower:
		return caseExact
	case hasUpper && isUpperStart(alias):
		return caseFirst
	case hasUpper:
		return caseExact // mixed case starting lower-case ("menuPass", "iOS")
	default:
		return caseInsensitive
	}
}

func isUpperStart(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z' || r > 127 && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
	}
	return false
}

// build indexes every entry's names.
func (g *Gazetteer) build() {
	g.index = map[string][]*pattern{}
	g.demonyms = map[string]string{}
	g.generic = map[string][]string{}
	g.byCtry = map[string][]string{}
	g.genPats = map[string][]genPat{}
	g.events = map[string][]string{}
	g.products = map[string][]string{}
	seen := map[string]bool{}
	for _, k := range g.order {
		e := g.entries[k]
		seat := map[string]bool{}
		for _, s := range e.Seats {
			seat[s] = true
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if p := g.addPattern(n, e.Key, seen); p != nil && seat[n] {
				p.seat = true
			}
			if v := dotless(n); v != "" {
				g.addPattern(v, e.Key, seen) // "US Treasury Department" for "U.S. Treasury Department"
			}
		}
		for _, d := range e.Demonyms {
			forms := []string{d}
			if strings.HasSuffix(d, "n") || strings.HasSuffix(d, "i") {
				forms = append(forms, d+"s") // "Iranians", "Israelis"
			}
			for _, f := range forms {
				if _, ok := g.demonyms[f]; !ok {
					g.demonyms[f] = e.Key
					if p := g.addPattern(f, e.Key, seen); p != nil {
						p.dem = true
						p.mode = caseFirst
					}
				}
			}
		}
		for _, gen := range e.Generic {
			l := strings.ToLower(gen)
			g.generic[l] = append(g.generic[l], e.Key)
		}
		if e.Country != "" {
			g.byCtry[e.Country] = append(g.byCtry[e.Country], e.Key)
			for _, gen := range e.Generic {
				g.genPats[e.Country] = append(g.genPats[e.Country], genPat{key: e.Key, toks: phraseWords(gen)})
			}
		}
	}
	for _, ps := range g.index {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].toks) > len(ps[j].toks) })
	}
	for _, k := range g.order {
		if e := g.entries[k]; e.Type == ontology.Product && e.Vendor != "" {
			g.products[e.Vendor] = append(g.products[e.Vendor], k)
		}
	}
	for _, k := range g.order {
		e := g.entries[k]
		if e.Type != ontology.Event {
			continue
		}
		refs := []string{e.Product, e.Target}
		if p := g.entries[e.Product]; p != nil && p.Vendor != "" {
			refs = append(refs, p.Vendor)
		}
		seen := map[string]bool{}
		for _, r := range refs {
			if r != "" && !seen[r] {
				seen[r] = true
				g.events[r] = append(g.events[r], k)
			}
		}
	}
}

func (g *Gazetteer) addPattern(alias, key string, seen map[string]bool) *pattern {
	toks := syntax.Tokenize(alias)
	if len(toks) == 0 {
		return nil
	}
	// a leading "the" is optional in text: index without it
	if len(toks) > 1 && strings.EqualFold(toks[0].Text(alias), "the") {
		alias = strings.TrimSpace(alias[toks[1].Start:])
		toks = syntax.Tokenize(alias)
	}
	p := &pattern{mode: aliasMode(alias), key: key, alias: alias}
	for _, t := range toks {
		s := t.Text(alias)
		p.orig = append(p.orig, s)
		p.toks = append(p.toks, syntax.LowerNorm(s))
	}
	id := key + "\x00" + strings.Join(p.orig, " ")
	if seen[id] {
		return nil
	}
	seen[id] = true
	g.index[p.toks[0]] = append(g.index[p.toks[0]], p)
	return p
}

// With returns a copy of g that also recognizes the given store entities.
// A known entity's names and aliases resolve to its Key; a gazetteer entry of
// the same type sharing one of its names is merged into it (its aliases then
// also resolve to Known.Key).
func (g *Gazetteer) With(known []Known) *Gazetteer {
	c := &Gazetteer{entries: make(map[string]*entry, len(g.entries)+len(known))}
	for k, e := range g.entries {
		c.entries[k] = e
	}
	c.order = append([]string(nil), g.order...)
	remap := map[string]string{} // old gazetteer key → known key
	for _, kn := range known {
		if kn.Key == "" || kn.Name == "" || !kn.Type.Valid() {
			continue
		}
		ne := &entry{Key: kn.Key, Name: kn.Name, Type: kn.Type, Source: "store"}
		names := append([]string{kn.Name}, kn.Aliases...)
		var merged []string
		for _, n := range names {
			for _, p := range g.index[syntax.LowerNorm(firstTok(n))] {
				e := g.entries[p.key]
				if e.Type == kn.Type && strings.EqualFold(p.alias, n) && e.Key != kn.Key {
					merged = append(merged, e.Key)
				}
			}
		}
		aliases := append([]string(nil), kn.Aliases...)
		for _, mk := range merged {
			e := c.entries[mk]
			if e == nil || e.Source == "store" {
				continue
			}
			aliases = append(aliases, e.Name)
			aliases = append(aliases, e.Aliases...)
			ne.Generic, ne.Demonyms = e.Generic, e.Demonyms
			ne.Country, ne.Parent, ne.Role, ne.Org, ne.Product, ne.Target, ne.Desc = e.Country, e.Parent, e.Role, e.Org, e.Product, e.Target, e.Desc
			remap[mk] = kn.Key
			delete(c.entries, mk)
		}
		ne.Aliases = dedupAliases(ne.Name, aliases)
		if old, ok := c.entries[ne.Key]; ok && old.Source == "gazetteer" {
			// same key: keep the gazetteer's attributes, add the store's aliases
			cp := *old
			cp.Aliases = dedupAliases(cp.Name, append(append([]string(nil), cp.Aliases...), ne.Aliases...))
			cp.Source = "store"
			ne = &cp
		} else if !ok {
			c.order = append(c.order, ne.Key)
		}
		c.entries[ne.Key] = ne
	}
	var order []string
	for _, k := range c.order {
		e, ok := c.entries[k]
		if !ok {
			continue
		}
		if needsRemap(e, remap) {
			cp := *e
			for _, ref := range []*string{&cp.Country, &cp.Parent, &cp.Org, &cp.Product, &cp.Target} {
				if nk, ok := remap[*ref]; ok {
					*ref = nk
				}
			}
			c.entries[k] = &cp
		}
		order = append(order, k)
	}
	c.order = dedupStrings(order)
	c.build()
	return c
}

func firstTok(s string) string {
	toks := syntax.Tokenize(s)
	if len(toks) == 0 {
		return ""
	}
	if len(toks) > 1 && strings.EqualFold(toks[0].Text(s), "the") {
		return toks[1].Text(s)
	}
	return toks[0].Text(s)
}

func dedupStrings(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// lookup returns the entry with the given key.
func (g *Gazetteer) lookup(key string) *entry { return g.entries[key] }

// Len reports how many entities the gazetteer knows.
func (g *Gazetteer) Len() int { return len(g.entries) }

func needsRemap(e *entry, remap map[string]string) bool {
	for _, ref := range []string{e.Country, e.Parent, e.Org, e.Product, e.Target} {
		if _, ok := remap[ref]; ok && ref != "" {
			return true
		}
	}
	return false
}

// genPat is a generic name of a body ("Foreign Ministry") as tokens.
type genPat struct {
	key  string
	toks []string
}

// phraseWords returns the lower-case tokens of a phrase.
func phraseWords(s string) []string {
	var out []string
	for _, t := range syntax.Tokenize(s) {
		out = append(out, t.Lower)
	}
	return out
}

// Entry is what the gazetteer knows of one entity.
type Entry struct {
	Key, Name string
	Type      ontology.EntityType
	Aliases   []string
	// Country and Parent are keys of the country and the body the entity
	// belongs to ("" when unknown).
	Country, Parent string
	// Org is a person's organization.
	Org string
	// Demonyms are a country's adjectives.
	Demonyms []string
}

// Lookup returns what the gazetteer knows of key, or false.
func (g *Gazetteer) Lookup(key string) (Entry, bool) {
	e := g.entries[key]
	if e == nil {
		return Entry{}, false
	}
	return Entry{Key: e.Key, Name: e.Name, Type: e.Type, Aliases: e.Aliases, Country: e.Country, Parent: e.Parent, Org: e.Org, Demonyms: e.Demonyms}, true
}

// dotless returns name with its leading country abbreviation written
// without dots ("U.S. Treasury Department" → "US Treasury Department"), or
// "" when it has none.
func dotless(name string) string {
	for _, a := range []string{"U.S. ", "U.K. ", "U.N. "} {
		if rest, ok := strings.CutPrefix(name, a); ok && rest != "" {
			return strings.ReplaceAll(a, ".", "") + rest
		}
	}
	return ""
}
