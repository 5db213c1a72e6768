// Package relations turns a parsed sentence whose noun phrases have
// referents (extract/mentions) into claims: subject —predicate→ object,
// with the event a claim is about and a confidence.
//
// Every rule reads the syntax layer (clauses with subject, verb group and
// objects; noun phrases with possessors, modifiers and prepositional
// phrases; appositions; reported speech) and the predicate frames of
// data/lexicon/frames.tsv; nothing here names an English verb. The rules are
// grouped by family, one file each:
//
//   - frames.go: verb, noun, adjective and preposition frames (accusation,
//     legal action, sanctions, denial, investigation, targeting,
//     attribution, affiliation, use, cooperation, membership);
//   - phrase.go: what noun phrases state by their form (demonyms,
//     possessives, sponsors, "-based", appositions, titles);
//   - speech.go: reported speech (speaker → the claims they report),
//     denials and their objects, "according to";
//   - cooperation.go, operations.go, investigation.go: joint action and
//     joint statements ("X, together with A and B, condemned Y", "an
//     advisory published by A and B", "an effort involving A and B",
//     "assisting C in the investigation of E");
//   - modality.go: negation and hedges that keep a claim out;
//   - types.go: adapting a predicate to its arguments' types.
package relations

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// Claim is one relation found in a sentence.
type Claim struct {
	Subject, Object string // entity keys
	Pred            ontology.Predicate
	About           string // entity key of the event the claim is about, or ""
	Conf            float64
	// Verb is the words that expressed the predicate ("charged",
	// "sanctions on", "title").
	Verb string
	// Rule names the rule family that found the claim, for explanations
	// and calibration.
	Rule   string
	clause int // the clause that states it, -1 outside clauses
}

// Rules applies the relation rules. It is immutable and safe for
// concurrent use.
type Rules struct {
	lx *lexicon.Lexicon
}

// New returns the rules over lexicon lx.
func New(lx *lexicon.Lexicon) *Rules { return &Rules{lx: lx} }

// Memory is what the rules remember across the sentences of one document:
// the last accusation's author (for "rejected the accusations"), the last
// event, the subject of the last claim.
type Memory struct {
	accusers []string // authors of the last accusation
	// sanctioners are the authors of the last sanctions, for measures
	// named without them ("today's measures target …")
	sanctioners []string
	lastEvent   string
	lastAgent   string // the agent of the last hostile claim
	// accused are the objects of the last charges or accusations, for
	// the acts listed after them ("They include a 2014 attack on …") and
	// for an unnamed spokesperson's denial
	accused []string
	// eventAgents are the actors each event is attributed to
	eventAgents map[string][]string
	// victimsAge is one more than the sentences since one spoke of
	// victims it did not name ("210 companies have been attacked", "the
	// entities affected"), 0 before any: "they include A and B" then
	// lists them
	victimsAge int
}

// act is a hostile act of agents in a clause whose victims name nothing
// ("broke into computer networks"): a speaker who reports it accuses them.
type act struct {
	clause int
	agents []mentions.Ref
}

// run is the state of the rules on one sentence.
type run struct {
	r   *Rules
	doc *mentions.Doc
	s   *mentions.Sentence
	syn *syntax.Sentence
	mem *Memory
	out []Claim
	// clauseOf maps chunks to their innermost clause; cur is the clause
	// whose frames are being applied (-1 for noun phrases outside one).
	clauseOf []int
	cur      int
	// agents: noun phrases and clauses whose agent an accusation named
	// ("blamed X for the attack on Y", "accused X of hacking Y")
	agents         map[int][]mentions.Ref
	agentsOfClause map[int][]mentions.Ref
	agentsSeen     []string
	noted          []note       // claims stated but not asserted
	acts           []act        // hostile acts whose victims name nothing
	eventAcc       []Claim      // accusations whose object is an event
	hostDone       map[int]bool // noun phrases applied to a host already
}

// Sentence returns the claims of one sentence.
func (r *Rules) Sentence(doc *mentions.Doc, s *mentions.Sentence, mem *Memory) []Claim {
	u := &run{r: r, doc: doc, s: s, syn: s.Syn, mem: mem, cur: -1, agents: map[int][]mentions.Ref{},
		agentsOfClause: map[int][]mentions.Ref{}, hostDone: map[int]bool{}}
	u.clauseOf = chunkClauses(s.Syn)
	for _, f := range s.Facts {
		u.emit(Claim{Subject: f.Subject, Object: f.Object, Pred: f.Pred, Conf: f.Conf, Verb: "name", Rule: "name"})
	}
	u.phrases()
	u.clauses()
	u.nouns()
	u.operations()
	u.jointPhrases()
	u.accusedEvents()
	u.speech()
	u.remember()
	return u.out
}

// emit adds a claim after adapting its predicate to the argument types.
func (u *run) emit(c Claim) {
	if c.Rule != "speech" && c.Rule != "denial" {
		c.clause = u.cur
	}
	if c.Subject == "" || c.Object == "" || c.Subject == c.Object {
		return
	}
	se, oe := u.doc.Entity(c.Subject), u.doc.Entity(c.Object)
	if se == nil || oe == nil {
		return
	}
	p, ok := adapt(c.Pred, se.Type, oe.Type, c.Rule == "verb")
	if !ok {
		return
	}
	c.Pred = p
	if c.About == c.Subject || c.About == c.Object {
		c.About = ""
	}
	if c.About != "" {
		if ae := u.doc.Entity(c.About); ae == nil || ae.Type != ontology.Event {
			c.About = ""
		}
	}
	if p == ontology.CooperatesWith && c.Object < c.Subject {
		c.Subject, c.Object = c.Object, c.Subject
	}
	for i := range u.out {
		o := &u.out[i]
		if o.Subject == c.Subject && o.Pred == c.Pred && o.Object == c.Object {
			if c.Conf > o.Conf {
				o.Conf, o.Verb, o.Rule = c.Conf, c.Verb, c.Rule
			}
			if o.About == "" {
				o.About = c.About
			}
			return
		}
	}
	u.out = append(u.out, c)
}

// refs returns the referents of noun-phrase chunks, skipping those without
// one.
func (u *run) refs(nps []int) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range nps {
		if u.sharedDemonym(k) {
			continue
		}
		rs := u.s.Plural(k)
		if len(rs) == 0 {
			rs = u.standFor(k, 0)
		}
		out = append(out, rs...)
		out = append(out, u.including(k)...)
	}
	return out
}

// keyRefs returns the document's entities of keys as references resolved
// by memory (the last accusers, the last agent, the last event), with
// confidence conf; keys the document does not know are left out.
func (u *run) keyRefs(conf float64, keys ...string) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range keys {
		if e := u.doc.Entity(k); e != nil {
			out = append(out, mentions.Ref{Key: k, Type: e.Type, Method: mentions.MethodCoref, Conf: conf})
		}
	}
	return out
}

// eventAgents replaces each event of rs by the actors it is attributed
// to ("the breach was carried out by …"); other referents stay.
func (u *run) eventAgents(rs []mentions.Ref) []mentions.Ref {
	var out []mentions.Ref
	for _, r := range rs {
		if r.Type != ontology.Event {
			out = append(out, r)
			continue
		}
		out = append(out, u.keyRefs(0.7, u.mem.eventAgents[r.Key]...)...)
	}
	return out
}

// sharedDemonym reports a bare demonym coordinated with a later phrase
// whose noun it shares: in "sanctions on Russian, Chinese and North Korean
// targets" the targets are Russian, not Russia ("the American and British
// governments" still name the countries).
func (u *run) sharedDemonym(k int) bool {
	syn := u.syn
	r, ok := u.s.Ref(k)
	if !ok || !r.Demonym || syn.Chunks[k].End-syn.Chunks[k].Start != 1 {
		return false
	}
	g := syn.GroupOf(k)
	if g == nil || len(g.NPs) < 2 || g.NPs[len(g.NPs)-1] == k {
		return false
	}
	last := syn.Chunks[g.NPs[len(g.NPs)-1]]
	head := syn.Tokens[last.Head]
	if u.r.lx.Is("government", head.Lower) {
		return false
	}
	demonym := false
	for _, m := range u.s.Mods(g.NPs[len(g.NPs)-1]) {
		demonym = demonym || m.Demonym
	}
	if !demonym {
		return false
	}
	return head.Tag == syntax.NNS || head.Tag == syntax.NNPS || head.Tag == syntax.NN
}

// victimRefs returns the referents of the victims of a targeting frame:
// named ones, and the sectors that common plural nouns name ("government
// agencies, companies and universities").
func (u *run) victimRefs(nps []int) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range nps {
		if owners := u.assetOwners(k, 0); len(owners) > 0 {
			out = append(out, owners...)
			continue
		}
		if secs := u.doc.Sectors(u.s, k); len(secs) > 0 && !u.r.lx.Is("genericvictim", u.syn.Tokens[u.syn.Chunks[k].Head].Lower) {
			out = append(out, secs...)
			out = append(out, u.sectorsIn(k)...)
			out = append(out, u.including(k)...)
			continue
		}
		rs := u.refs([]int{k})
		if len(rs) == 0 {
			// "the OPCW's Wi-Fi network", "its election commission":
			// whose it is (a hostile group owns no victim)
			if o, ok := u.s.Owner(k); ok && o.Type != ontology.ThreatGroup {
				rs = append(rs, o)
			}
		}
		if len(rs) == 0 {
			rs = u.victimsIn(k)
		}
		out = append(out, rs...)
	}
	if len(nps) > 0 {
		out = append(out, u.exampleVictims(nps[len(nps)-1])...)
	}
	return out
}

// assetOwners returns who owns what noun phrase k names when it names
// things owned ("the email accounts of members of the Eduskunta" → the
// Eduskunta, "Colonial Pipeline's networks"): an attack on them is an
// attack on their owner.
func (u *run) assetOwners(k, depth int) []mentions.Ref {
	syn := u.syn
	h := syn.Tokens[syn.Chunks[k].Head].Lower
	// people of a body are owned too: "the email accounts of members of
	// the Eduskunta"; "sent phishing emails to employees of the Acme
	// Ministry" targets the ministry (a plural of people at the top)
	people := u.r.lx.Is("person", h) && (depth > 0 || u.syn.Tokens[u.syn.Chunks[k].Head].Tag == syntax.NNS)
	if depth > 2 || !u.r.lx.Is("asset", h) && !people {
		return nil
	}
	if _, ok := u.s.Ref(k); ok && !people {
		return nil
	}
	if o, ok := u.s.Owner(k); ok {
		return []mentions.Ref{o}
	}
	for _, p := range u.ppsAfter(k) {
		if p.prep != "of" && p.prep != "at" && p.prep != "belonging to" {
			break
		}
		var out []mentions.Ref
		for _, n := range p.nps {
			if rs := u.assetOwners(n, depth+1); len(rs) > 0 {
				out = append(out, rs...)
				continue
			}
			if r, ok := u.s.Ref(n); ok && r.Type != ontology.Sector && (depth > 0 || !people || r.Type != ontology.Person) {
				out = append(out, r)
			}
		}
		return out
	}
	return nil
}

// listedVictims returns the referents of a list of victims ("its targets
// included X, Y and Z"): names, and sectors named by any common noun.
func (u *run) listedVictims(nps []int) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range nps {
		if secs := u.doc.ListedSectors(u.s, k); len(secs) > 0 {
			out = append(out, secs...)
			out = append(out, u.sectorsIn(k)...)
			continue
		}
		out = append(out, u.victimRefs([]int{k})...)
	}
	return out
}

// standFor returns what a noun phrase without a referent of its own
// stands for: the list in apposition to it ("the Nordic countries -
// Norway, Sweden, …"), or, for authorities and officials, the countries or
// bodies they are from ("the police of eight European countries").
func (u *run) standFor(k, depth int) []mentions.Ref {
	syn := u.syn
	if depth > 2 {
		return nil
	}
	if a, _ := syn.Appos(k); a >= 0 {
		if g := syn.GroupOf(a); g != nil && len(g.NPs) > 1 {
			var out []mentions.Ref
			for _, n := range g.NPs {
				out = append(out, u.s.Plural(n)...)
			}
			return out
		}
	}
	if u.r.lx.Is("activity", syn.Tokens[syn.Chunks[k].Head].Lower) {
		// "China's cyber activities", "the U.S. decision": the actor
		if p := syn.Chunks[k].Poss; p >= 0 {
			return u.s.Plural(p)
		}
		var out []mentions.Ref
		for _, m := range u.s.Mods(k) {
			if m.Type == ontology.Country || m.Type == ontology.ThreatGroup || m.Type == ontology.Agency {
				out = append(out, m)
			}
		}
		if ps := u.ppsAfter(k); len(out) == 0 && len(ps) > 0 && ps[0].prep == "by" {
			out = u.refs(ps[0].nps) // "malicious cyber activities by X"
		}
		return out
	}
	if w := syn.Tokens[syn.Chunks[k].Head].Lower; u.r.lx.Is("trade", w) || u.r.lx.Is("product", w) {
		return u.maker(k, depth)
	} else if u.r.lx.Is("staff", w) {
		return u.employer(k)
	}
	hw := nounLemma(syn.Tokens[syn.Chunks[k].Head].Lower)
	if u.r.lx.Is("subunit", syn.Tokens[syn.Chunks[k].Head].Lower) {
		// "members of units of the Reconnaissance General Bureau": the body
		for _, p := range u.ppsAfter(k) {
			if p.prep == "of" {
				return u.refs(p.nps)
			}
			break
		}
		return nil
	}
	if !u.r.lx.Is("agencyhead", hw) && !u.r.lx.Is("government", hw) && !u.r.lx.Is("polity", hw) && !u.r.lx.Is("agencyhead", syn.Tokens[syn.Chunks[k].Head].Lower) {
		return nil
	}
	for _, p := range u.ppsAfter(k) {
		if p.prep != "from" && p.prep != "of" && p.prep != "in" {
			break
		}
		if p.prep == "of" && u.r.lx.Is("allies", hw) {
			break // "a close ally of Putin" is not Putin
		}
		var out []mentions.Ref
		for _, n := range p.nps {
			rs := u.s.Plural(n)
			if len(rs) == 0 {
				rs = u.standFor(n, depth+1)
			}
			out = append(out, rs...)
		}
		return out
	}
	return nil
}

// including returns the referents of a list that follows noun phrase k
// with "including" or "such as" ("four organizations, including the
// Israeli company NSO Group"): they stand where the phrase stands.
func (u *run) including(k int) []mentions.Ref {
	syn := u.syn
	j := syn.GroupOf(k).End
	if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.VG && syn.Chunks[j].Verb.Participle {
		// "three firms tied to spyware sales, including Acme Labs": past
		// the participle's phrase
		if cl := syn.ClauseOf(j); cl != nil && cl.End > j {
			j = cl.End
		}
	}
	if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Comma {
		j++
	}
	if j+1 >= len(syn.Chunks) || syn.Chunks[j].Kind != syntax.Prep || syn.Chunks[j+1].Kind != syntax.NP {
		return nil
	}
	w := syn.Chunks[j].Word
	if w == "among" && syn.Tokens[syn.Chunks[j+1].Head].Lower == "them" && j+3 < len(syn.Chunks) {
		// ", among them A, B and C"
		j += 2
		if syn.Chunks[j].Kind == syntax.Comma {
			j++
		}
		if syn.Chunks[j].Kind != syntax.NP {
			return nil
		}
		var out []mentions.Ref
		for _, n := range syn.GroupOf(j).NPs {
			out = append(out, u.s.Plural(n)...)
		}
		return out
	}
	if w != "including" && w != "such as" {
		return nil
	}
	events := u.r.lx.Is("attack", syn.Tokens[syn.Chunks[k].Head].Lower) || u.r.lx.Is("activity", syn.Tokens[syn.Chunks[k].Head].Lower)
	var out []mentions.Ref
	for _, n := range u.listItems(j + 1) {
		for _, r := range u.s.Plural(n) {
			if events && r.Type != ontology.Event {
				continue // "cyber surveillance operations, including NSO Group": not an operation
			}
			out = append(out, r)
		}
	}
	return out
}

// remember updates the document memory with the sentence's claims.
func (u *run) remember() {
	if u.unnamedVictims() {
		u.mem.victimsAge = 1
	} else if u.mem.victimsAge > 0 {
		u.mem.victimsAge++
	}
	for _, a := range u.acts {
		if len(a.agents) > 0 {
			u.mem.lastAgent = a.agents[0].Key
		}
	}
	first := true
	var charged, accused []string
	for _, c := range u.out {
		if c.Pred == ontology.Sanctions && !slices.Contains(u.mem.sanctioners, c.Subject) {
			if first {
				u.mem.sanctioners = u.mem.sanctioners[:0]
				first = false
			}
			u.mem.sanctioners = append(u.mem.sanctioners, c.Subject)
		}
		if c.Pred == ontology.Charges && !slices.Contains(charged, c.Object) {
			charged = append(charged, c.Object)
		}
		if c.Pred == ontology.Accuses && !slices.Contains(accused, c.Object) {
			accused = append(accused, c.Object)
		}
		switch c.Pred {
		case ontology.Accuses, ontology.Charges, ontology.Sanctions, ontology.Condemns:
			if !slices.Contains(u.mem.accusers, c.Subject) {
				if len(u.mem.accusers) > 0 && u.mem.accusers[0] != c.Subject && !u.sameSentenceAccuser(c.Subject) {
					u.mem.accusers = u.mem.accusers[:0]
				}
				u.mem.accusers = append(u.mem.accusers, c.Subject)
			}
		case ontology.Exploits:
			// "X exploited flaws in P to attack organizations. Victims
			// include …": the exploiter is the agent of what follows
			u.mem.lastAgent = c.Subject
		case ontology.Targets, ontology.AttributedTo:
			u.mem.lastAgent = c.Subject
			if c.Pred == ontology.AttributedTo {
				u.mem.lastAgent = c.Object
				if u.mem.eventAgents == nil {
					u.mem.eventAgents = map[string][]string{}
				}
				if !slices.Contains(u.mem.eventAgents[c.Subject], c.Object) {
					u.mem.eventAgents[c.Subject] = append(u.mem.eventAgents[c.Subject], c.Object)
				}
			}
		}
		if c.About != "" {
			u.mem.lastEvent = c.About
		} else if e := u.doc.Entity(c.Object); e != nil && e.Type == ontology.Event && (c.Pred == ontology.Targets || c.Pred == ontology.Investigates || c.Pred == ontology.Condemns) {
			u.mem.lastEvent = c.Object // "investigated the breach": the event of a later "the investigation"
		} else if e := u.doc.Entity(c.Subject); e != nil && e.Type == ontology.Event && c.Pred == ontology.AttributedTo {
			u.mem.lastEvent = c.Subject
		}
	}
	// the charged, else the accused, for the acts listed next
	switch {
	case len(charged) > 0:
		u.mem.accused = charged
	case len(accused) > 0:
		u.mem.accused = accused
	}
}

// sameSentenceAccuser reports whether key is one of several accusers of
// this sentence (kept together: "the US and the UK accused …").
func (u *run) sameSentenceAccuser(key string) bool {
	for _, c := range u.out {
		if c.Subject != key && slices.Contains(u.mem.accusers, c.Subject) {
			return true
		}
	}
	return false
}

// text returns the sentence text of chunk k, lower-cased.
func (u *run) lower(k int) string { return strings.ToLower(u.syn.ChunkText(k)) }

// maker returns the company that goods noun phrase k stand for: "the sale
// of antivirus software made by X", "X's equipment", "products from X",
// "the use of X software" (a ban on them is a ban on X).
func (u *run) maker(k, depth int) []mentions.Ref {
	syn := u.syn
	if u.r.lx.Is("trade", syn.Tokens[syn.Chunks[k].Head].Lower) {
		for _, p := range u.ppsAfter(k) {
			if p.prep != "of" || len(p.nps) == 0 {
				break
			}
			if rs := u.s.Plural(p.nps[0]); len(rs) > 0 {
				return companies(rs)
			}
			if u.r.lx.Is("product", syn.Tokens[syn.Chunks[p.nps[0]].Head].Lower) {
				return u.maker(p.nps[0], depth+1)
			}
			break
		}
		return nil
	}
	if o, ok := u.s.Owner(k); ok {
		return companies([]mentions.Ref{o})
	}
	if out := companies(u.s.Mods(k)); len(out) > 0 {
		return out // "Kaspersky software"
	}
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if cl.SubjBy != syntax.SubjReduced || len(cl.Subj) == 0 || cl.Subj[0] != k || !syn.VG(cl).Participle {
			continue
		}
		for _, p := range cl.PPs {
			if p.Prep == "by" {
				return companies(u.refs(p.NPs)) // "software made by X"
			}
		}
	}
	if ps := u.ppsAfter(k); len(ps) > 0 && ps[0].prep == "from" {
		return companies(u.refs(ps[0].nps))
	}
	return nil
}

// companies keeps the organizations of rs.
func companies(rs []mentions.Ref) []mentions.Ref {
	var out []mentions.Ref
	for _, r := range rs {
		if r.Type == ontology.Organization {
			out = append(out, r)
		}
	}
	return out
}

// employer returns the company or agency that staff noun phrase k work
// for: "Kaspersky researchers", "researchers at Mandiant", "analysts
// from Recorded Future".
func (u *run) employer(k int) []mentions.Ref {
	var out []mentions.Ref
	for _, m := range u.s.Mods(k) {
		if m.Type == ontology.Organization || m.Type == ontology.Agency {
			out = append(out, m)
		}
	}
	if p := u.syn.Chunks[k].Poss; p >= 0 && len(out) == 0 {
		if r, ok := u.s.Ref(p); ok && (r.Type == ontology.Organization || r.Type == ontology.Agency) {
			out = append(out, r) // "Google's threat intelligence team"
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, p := range u.ppsAfter(k) {
		if p.prep != "at" && p.prep != "from" && p.prep != "with" && p.prep != "of" {
			break
		}
		for _, r := range u.refs(p.nps) {
			if r.Type == ontology.Organization || r.Type == ontology.Agency {
				out = append(out, r)
			}
		}
		break
	}
	return out
}
