// Package bench is newsgraph's performance benchmark: a deterministic
// synthetic news-graph generator and a runner that loads the same graph into
// newsgraph's store, raw cayley and plain adjacency lists, asks all of them
// the same questions, checks that their answers agree, and reports load
// rates, latencies, open time and memory.
package bench

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Scale is a size of the synthetic graph.
type Scale struct {
	Name     string // "10k", "100k", "1m"
	Entities int
}

// Scales are the sizes the benchmark is measured at.
var Scales = []Scale{{"10k", 10_000}, {"100k", 100_000}, {"1m", 1_000_000}}

// ParseScale reads a scale: "10k", "100k", "1m", or any count with an
// optional k or m suffix ("2k", "250000").
func ParseScale(s string) (Scale, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	mult := 1
	num := name
	switch {
	case strings.HasSuffix(name, "k"):
		mult, num = 1_000, strings.TrimSuffix(name, "k")
	case strings.HasSuffix(name, "m"):
		mult, num = 1_000_000, strings.TrimSuffix(name, "m")
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n*mult < 100 || n*mult > 10_000_000 {
		return Scale{}, fmt.Errorf("bench: scale %q: want 10k, 100k, 1m or a count between 100 and 10m", s)
	}
	return Scale{Name: name, Entities: n * mult}, nil
}

// GenConfig sets the shape of a synthetic graph. The zero values of the
// optional fields give the defaults used by the benchmark.
type GenConfig struct {
	Entities int
	Seed     uint64
	// EntitiesPerDoc is how many entities each document introduces (20).
	EntitiesPerDoc int
	// ClaimsPerDoc is the mean number of claims per document (8).
	ClaimsPerDoc int
	// Zipf is the exponent of the power law that picks claim ends (1.0).
	Zipf float64
}

// typeWeights is how common each entity type is, in thousandths.
var typeWeights = []struct {
	t ontology.EntityType
	w int
}{
	{ontology.Person, 250}, {ontology.Organization, 150}, {ontology.Agency, 80},
	{ontology.Country, 4}, {ontology.ThreatGroup, 80}, {ontology.Event, 110},
	{ontology.Malware, 60}, {ontology.Tool, 40}, {ontology.Vulnerability, 60},
	{ontology.AttackPattern, 20}, {ontology.Sector, 6}, {ontology.Product, 80},
	{ontology.Location, 60},
}

// predSpec says which entity types a predicate joins, how often it is used
// and how a sentence states it.
type predSpec struct {
	p        ontology.Predicate
	w        int
	subj     []ontology.EntityType
	obj      []ontology.EntityType
	template string // %s subject, %s object
}

var (
	actorsGov = []ontology.EntityType{ontology.Country, ontology.Agency}
	predSpecs = []predSpec{
		{ontology.Accuses, 14, append(actorsGov, ontology.Organization, ontology.Person),
			[]ontology.EntityType{ontology.Country, ontology.Agency, ontology.ThreatGroup, ontology.Person, ontology.Organization},
			"%s publicly blamed %s for the intrusions."},
		{ontology.Charges, 7, []ontology.EntityType{ontology.Agency},
			[]ontology.EntityType{ontology.Person, ontology.ThreatGroup}, "%s filed charges against %s."},
		{ontology.Condemns, 6, append(actorsGov, ontology.Organization, ontology.Person),
			[]ontology.EntityType{ontology.Country, ontology.ThreatGroup, ontology.Agency, ontology.Event}, "%s condemned %s in a statement."},
		{ontology.Sanctions, 5, append(actorsGov, ontology.Organization),
			[]ontology.EntityType{ontology.Person, ontology.Organization, ontology.Agency, ontology.ThreatGroup}, "%s imposed sanctions on %s."},
		{ontology.Denies, 3, append(actorsGov, ontology.Person),
			[]ontology.EntityType{ontology.Country, ontology.Agency, ontology.Event}, "%s rejected the account given by %s."},
		{ontology.Investigates, 6, []ontology.EntityType{ontology.Agency, ontology.Organization},
			[]ontology.EntityType{ontology.Event, ontology.ThreatGroup, ontology.Person}, "%s opened an inquiry into %s."},
		{ontology.Targets, 14, []ontology.EntityType{ontology.ThreatGroup, ontology.Malware},
			[]ontology.EntityType{ontology.Organization, ontology.Sector, ontology.Agency, ontology.Country, ontology.Product}, "%s went after %s."},
		{ontology.AttributedTo, 8, []ontology.EntityType{ontology.Event, ontology.ThreatGroup, ontology.Malware},
			[]ontology.EntityType{ontology.ThreatGroup, ontology.Country, ontology.Agency}, "Analysts tied %s to %s."},
		{ontology.AffiliatedWith, 7, []ontology.EntityType{ontology.ThreatGroup, ontology.Person, ontology.Organization},
			[]ontology.EntityType{ontology.Agency, ontology.Country, ontology.ThreatGroup, ontology.Organization}, "%s is said to work on behalf of %s."},
		{ontology.Uses, 8, []ontology.EntityType{ontology.ThreatGroup, ontology.Event},
			[]ontology.EntityType{ontology.Malware, ontology.Tool, ontology.AttackPattern}, "%s relied on %s."},
		{ontology.Exploits, 5, []ontology.EntityType{ontology.ThreatGroup, ontology.Malware},
			[]ontology.EntityType{ontology.Vulnerability, ontology.Product}, "%s abused a flaw in %s."},
		{ontology.CooperatesWith, 4, []ontology.EntityType{ontology.Country, ontology.Agency, ontology.Organization},
			[]ontology.EntityType{ontology.Country, ontology.Agency, ontology.Organization}, "%s worked jointly with %s."},
		{ontology.MemberOf, 4, []ontology.EntityType{ontology.Person, ontology.Country, ontology.Agency},
			[]ontology.EntityType{ontology.Organization, ontology.Agency}, "%s belongs to %s."},
		{ontology.PartOf, 3, []ontology.EntityType{ontology.Agency},
			[]ontology.EntityType{ontology.Agency, ontology.Country}, "%s reports to %s."},
		{ontology.Nationality, 3, []ontology.EntityType{ontology.Person, ontology.ThreatGroup},
			[]ontology.EntityType{ontology.Country}, "%s holds the citizenship of %s."},
		{ontology.LocatedIn, 3, []ontology.EntityType{ontology.Organization, ontology.Agency, ontology.Location, ontology.Event},
			[]ontology.EntityType{ontology.Country, ontology.Location}, "%s is based in %s."},
	}
)

// Generator makes a deterministic synthetic news graph: entities of the
// ontology's types with pseudo-word names, and documents whose claims join
// them. Claim ends are drawn from a power law (Zipf within each type), so a
// few entities are hubs; every entity is introduced by exactly one document
// and may be restated by many. Everything is a pure function of the seed:
// Document(i) can be called in any order.
type Generator struct {
	cfg    GenConfig
	types  []ontology.EntityType // per entity
	byType [][]int32             // entity indexes of each type, in order
	cum    [][]float64           // cumulative Zipf weights per type
	tIndex map[ontology.EntityType]int
	bySubj map[ontology.EntityType][]int // predSpecs usable with the type as subject
	byObj  map[ontology.EntityType][]int
	docs   int
}

// NewGenerator prepares a generator; it fills in defaults.
func NewGenerator(cfg GenConfig) *Generator {
	if cfg.EntitiesPerDoc <= 0 {
		cfg.EntitiesPerDoc = 20
	}
	if cfg.ClaimsPerDoc <= 0 {
		cfg.ClaimsPerDoc = 8
	}
	if cfg.Zipf <= 0 {
		cfg.Zipf = 1.0
	}
	if cfg.Entities < len(typeWeights) {
		cfg.Entities = len(typeWeights)
	}
	g := &Generator{cfg: cfg, tIndex: map[ontology.EntityType]int{},
		bySubj: map[ontology.EntityType][]int{}, byObj: map[ontology.EntityType][]int{}}
	for i, tw := range typeWeights {
		g.tIndex[tw.t] = i
	}
	g.byType = make([][]int32, len(typeWeights))
	g.types = make([]ontology.EntityType, cfg.Entities)
	total := 0
	for _, tw := range typeWeights {
		total += tw.w
	}
	for i := range g.types {
		// the first entities cover every type so that no type is empty
		k := i
		if i >= len(typeWeights) {
			r := int(g.hash("type", uint64(i)) % uint64(total))
			for k = 0; r >= typeWeights[k].w; k++ {
				r -= typeWeights[k].w
			}
		}
		g.types[i] = typeWeights[k].t
		g.byType[k] = append(g.byType[k], int32(i))
	}
	g.cum = make([][]float64, len(typeWeights))
	for k, list := range g.byType {
		c := make([]float64, len(list))
		sum := 0.0
		for r := range list {
			sum += 1 / math.Pow(float64(r+1), cfg.Zipf)
			c[r] = sum
		}
		g.cum[k] = c
	}
	for i, ps := range predSpecs {
		for _, t := range ps.subj {
			g.bySubj[t] = append(g.bySubj[t], i)
		}
		for _, t := range ps.obj {
			g.byObj[t] = append(g.byObj[t], i)
		}
	}
	g.docs = (cfg.Entities + cfg.EntitiesPerDoc - 1) / cfg.EntitiesPerDoc
	return g
}

// Entities returns the number of entities.
func (g *Generator) Entities() int { return g.cfg.Entities }

// Documents returns the number of documents.
func (g *Generator) Documents() int { return g.docs }

// hash is a keyed 64-bit hash of the seed, a purpose and a number.
func (g *Generator) hash(purpose string, n uint64) uint64 {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], g.cfg.Seed)
	binary.LittleEndian.PutUint64(b[8:], n)
	h := sha256.New()
	h.Write([]byte(purpose))
	h.Write(b[:])
	return binary.LittleEndian.Uint64(h.Sum(nil))
}

func (g *Generator) rng(purpose string, n uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.hash(purpose, n), g.cfg.Seed^n))
}

var (
	onsets = []string{"b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "ch", "sh", "gr", "tr", "br", "dr", "kh", "p", "f"}
	vowels = []string{"a", "e", "i", "o", "u", "ai", "ei", "ou", "ya"}
	codas  = []string{"", "", "", "n", "r", "l", "s", "k", "m"}
)

func word(r *rand.Rand) string {
	var b strings.Builder
	n := 2 + r.IntN(2)
	for i := 0; i < n; i++ {
		b.WriteString(onsets[r.IntN(len(onsets))])
		b.WriteString(vowels[r.IntN(len(vowels))])
	}
	b.WriteString(codas[r.IntN(len(codas))])
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

func pick(r *rand.Rand, options ...string) string { return options[r.IntN(len(options))] }

// Entity returns entity i (0 ≤ i < Entities()).
func (g *Generator) Entity(i int) graph.Entity {
	r := g.rng("entity", uint64(i))
	t := g.types[i]
	w := word(r)
	var name, alias string
	switch t {
	case ontology.Person:
		name = w + " " + word(r)
	case ontology.Agency:
		name = fmt.Sprintf(pick(r, "Ministry of %s Affairs", "%s Security Bureau", "Department of %s", "%s Intelligence Service", "%s Cyber Command"), w)
	case ontology.Country:
		name = fmt.Sprintf(pick(r, "%sia", "Republic of %s", "%sstan", "Kingdom of %s"), w)
	case ontology.Organization:
		name = fmt.Sprintf(pick(r, "%s Systems", "%s University", "%s Bank", "%s Press", "%s Alliance", "%s Energy"), w)
	case ontology.ThreatGroup:
		name = fmt.Sprintf(pick(r, "%s Panda", "%s Bear", "%s Spider", "%s Kitten", "%s Typhoon", "%s Chollima"), w)
		if r.IntN(2) == 0 {
			alias = fmt.Sprintf("APT%d", 100+i)
		}
	case ontology.Event:
		name = fmt.Sprintf(pick(r, "%s breach", "Operation %s", "%s campaign", "%s ransomware attack"), w)
	case ontology.Malware:
		name = w + pick(r, "Loader", "RAT", "Bot", "Wiper", "Stealer")
	case ontology.Tool:
		name = w + pick(r, "Kit", " scanner", " framework")
	case ontology.Vulnerability:
		name = fmt.Sprintf("CVE-%d-%d", 2015+i%10, 10000+i)
		alias = w + "Flaw"
	case ontology.AttackPattern:
		name = w + pick(r, " injection", " spoofing", " phishing", " escalation")
	case ontology.Sector:
		name = w + " sector"
	case ontology.Product:
		name = fmt.Sprintf(pick(r, "%s Server", "%s Gateway", "%s Suite", "%s Firewall"), w)
	case ontology.Location:
		name = fmt.Sprintf(pick(r, "%s Province", "%s City", "%s Bay", "%s Valley"), w)
	}
	if alias == "" && r.IntN(5) == 0 {
		alias = acronym(name)
	}
	e := graph.Entity{ID: t.Slug() + ":" + slug(name) + "-" + strconv.FormatInt(int64(i), 36), Name: name, Type: t}
	if alias != "" && alias != name {
		e.Aliases = []string{alias}
	}
	return e
}

func acronym(name string) string {
	var b strings.Builder
	for _, f := range strings.Fields(name) {
		b.WriteString(strings.ToUpper(f[:1]))
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// zipf draws an entity of type k, the low indexes being the most popular.
func (g *Generator) zipf(r *rand.Rand, k int) int32 {
	c := g.cum[k]
	x := r.Float64() * c[len(c)-1]
	return g.byType[k][sort.SearchFloat64s(c, x)]
}

// zipfOf draws an entity of one of the types.
func (g *Generator) zipfOf(r *rand.Rand, types []ontology.EntityType) int32 {
	return g.zipf(r, g.tIndex[types[r.IntN(len(types))]])
}

// docEpoch is the date of the first document; documents are spread over ten
// years in order.
var docEpoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

// DocumentID returns the ID of document i.
func (g *Generator) DocumentID(i int) string {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], g.hash("doc", uint64(i)))
	h := sha256.Sum256(b[:])
	return "doc:" + hex.EncodeToString(h[:12])
}

// Document returns document i (0 ≤ i < Documents()): a batch with its
// entities and claims, the claims' sentences forming its text.
func (g *Generator) Document(i int) *graph.Batch {
	r := g.rng("document", uint64(i))
	n := g.cfg.Entities
	lo := i * g.cfg.EntitiesPerDoc
	hi := min(lo+g.cfg.EntitiesPerDoc, n)
	ents := map[int32]bool{}
	var order []int32
	use := func(e int32) {
		if !ents[e] {
			ents[e] = true
			order = append(order, e)
		}
	}
	for e := lo; e < hi; e++ {
		use(int32(e))
	}
	claims := g.cfg.ClaimsPerDoc/2 + r.IntN(g.cfg.ClaimsPerDoc+1)
	var text strings.Builder
	b := &graph.Batch{}
	for c := 0; c < claims; c++ {
		var s, o int32
		var ps predSpec
		if c < hi-lo && r.IntN(10) < 7 {
			// anchor a new entity of this document to the graph
			x := int32(lo + (c*7)%(hi-lo))
			t := g.types[x]
			subjOK, objOK := g.bySubj[t], g.byObj[t]
			if len(subjOK) > 0 && (len(objOK) == 0 || r.IntN(2) == 0) {
				ps = predSpecs[subjOK[r.IntN(len(subjOK))]]
				s, o = x, g.zipfOf(r, ps.obj)
			} else {
				ps = predSpecs[objOK[r.IntN(len(objOK))]]
				s, o = g.zipfOf(r, ps.subj), x
			}
		} else {
			ps = g.weightedPred(r)
			s, o = g.zipfOf(r, ps.subj), g.zipfOf(r, ps.obj)
		}
		if s == o {
			continue
		}
		use(s)
		use(o)
		se, oe := g.Entity(int(s)), g.Entity(int(o))
		sentence := fmt.Sprintf(ps.template, se.Name, oe.Name)
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		start := text.Len()
		text.WriteString(sentence)
		cl := graph.Claim{Subject: se.ID, Predicate: ps.p, Object: oe.ID, Sentence: sentence,
			Start: start, End: text.Len(), Confidence: 0.5 + float64(r.IntN(500))/1000, Extractor: "bench"}
		if r.IntN(10) == 0 {
			ev := g.zipf(r, g.tIndex[ontology.Event])
			if ev != s && ev != o {
				use(ev)
				cl.About = g.Entity(int(ev)).ID
			}
		}
		b.Claims = append(b.Claims, cl)
	}
	for _, e := range order {
		b.Entities = append(b.Entities, g.Entity(int(e)))
	}
	span := 10 * 365 * 24 * time.Hour
	pub := docEpoch.Add(time.Duration(float64(span) * float64(i) / float64(g.docs))).Truncate(24 * time.Hour)
	b.Document = &graph.Document{
		ID:        g.DocumentID(i),
		Title:     fmt.Sprintf("Synthetic report %d", i),
		URL:       fmt.Sprintf("https://news.example/synthetic/%d", i),
		Source:    fmt.Sprintf("synthetic-%d.txt", i),
		Published: pub,
		Text:      text.String(),
		Extractor: "bench",
	}
	if b.Document.Text == "" {
		b.Document.Text = b.Document.Title
	}
	return b
}

func (g *Generator) weightedPred(r *rand.Rand) predSpec {
	total := 0
	for _, p := range predSpecs {
		total += p.w
	}
	x := r.IntN(total)
	for _, p := range predSpecs {
		if x < p.w {
			return p
		}
		x -= p.w
	}
	return predSpecs[len(predSpecs)-1]
}
