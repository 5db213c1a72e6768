package lexicon

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// FrameKind is the part of speech of a frame's trigger.
type FrameKind uint8

// The frame kinds.
const (
	Verb FrameKind = iota + 1 // a verb: its clause gives the arguments
	Noun                      // a noun (nominalization): its phrase, possessor and prepositions
	Adj                       // an adjective after a copula: "was responsible for"
	Prep                      // a preposition attached to a clause or noun phrase: "on behalf of"
)

var kindNames = map[string]FrameKind{"verb": Verb, "noun": Noun, "adj": Adj, "prep": Prep}

// SlotKind is where an argument stands.
type SlotKind uint8

// The slots.
const (
	Subj   SlotKind = iota + 1 // the logical subject: the active subject, a passive's "by" agent
	Obj                        // the logical object: the active object, a passive's subject
	PP                         // the object of a preposition (Slot.Prep; "" for a Prep frame's own)
	Poss                       // a noun's possessor: "China's attack"
	Mod                        // a name before a noun: "Russian attack", "FBI agent"
	Comp                       // the subject of the clause a verb governs: "alleges that X …"
	ObjRel                     // the subject of a relative clause on the object: "exposed tactics that X used"
	Host                       // what a noun, adjective or preposition describes: the subject of the
	// clause whose object it is ("the US imposed sanctions"), the noun
	// phrase it is a predicate of ("X is a member of Y") or attached to
)

// Slot is one place an argument can come from.
type Slot struct {
	Kind SlotKind
	Prep string // for PP: the preposition ("on", "on behalf of")
}

// Frame is one way of expressing a predicate.
type Frame struct {
	Pred ontology.Predicate
	// Trigger is the lemma (a verb's base form, a noun's singular) and any
	// words that must follow it ("carry out", "take advantage"); "{o}"
	// stands for the object ("hold {o} responsible").
	Trigger []string
	Kind    FrameKind
	// S, O and A are the slots of the subject, the object and the event
	// the claim is about, in order of preference. X is the slot of an act
	// ascribed to the object: "accused X of hacking Y" makes X the subject
	// of the hacking.
	S, O, A, X []Slot
	Conf       float64 // base confidence
	SType      []ontology.EntityType
	OType      []ontology.EntityType
	// Need lists conditions: "pp" (some prepositional argument), "pp:as",
	// "cop" (only as a copula's predicate), "pass" (only in the passive),
	// "list" (a list noun follows), "hostnoun:a|b", "noun:a|b".
	Need []string
	// Flags.
	List   bool // every item of a list after the trigger is an object
	Event  bool // the noun names an event: "the attack on X" is an EVENT mention
	Denial bool // a denial: its object may be the accusation's author
	Speech bool // also a speech verb: its complement is reported
	// Every makes the object every referent of every O slot, not those
	// of the first slot that has some: "linked APT40 to the MSS" accuses
	// both.
	Every bool
}

// Frames returns the frames of kind k whose trigger starts with the word w
// (a lemma), longest trigger first.
func (lx *Lexicon) Frames(k FrameKind, w string) []*Frame {
	return lx.frames[kindKey(k, w)]
}

func kindKey(k FrameKind, w string) string { return strconv.Itoa(int(k)) + " " + w }

func (lx *Lexicon) addFrame(cols []string) error {
	if len(cols) < 4 {
		return fmt.Errorf("want predicate, trigger, kind and roles")
	}
	pred, ok := ontology.ParsePredicate(cols[0])
	if !ok {
		return fmt.Errorf("unknown predicate %q", cols[0])
	}
	kind, ok := kindNames[cols[2]]
	if !ok {
		return fmt.Errorf("unknown kind %q", cols[2])
	}
	f := &Frame{Pred: pred, Trigger: strings.Fields(strings.ToLower(cols[1])), Kind: kind, Conf: 0.8}
	if len(f.Trigger) == 0 {
		return fmt.Errorf("empty trigger")
	}
	for _, r := range strings.Fields(cols[3]) {
		name, spec, ok := strings.Cut(r, "=")
		if !ok {
			return fmt.Errorf("role %q: want NAME=slot|slot", r)
		}
		slots, err := parseSlots(spec)
		if err != nil {
			return fmt.Errorf("role %q: %w", r, err)
		}
		switch name {
		case "S":
			f.S = slots
		case "O":
			f.O = slots
		case "A":
			f.A = slots
		case "X":
			f.X = slots
		default:
			return fmt.Errorf("unknown role %q", name)
		}
	}
	if len(f.S) == 0 || len(f.O) == 0 && !strings.Contains(cols[4%len(cols)], "speech") {
		if len(f.S) == 0 {
			return fmt.Errorf("frame without a subject slot")
		}
	}
	if len(cols) > 4 {
		if err := f.options(cols[4]); err != nil {
			return err
		}
	}
	key := kindKey(kind, f.Trigger[0])
	lx.frames[key] = append(lx.frames[key], f)
	return nil
}

// slotNames are the slots written as one word in frames.tsv.
var slotNames = map[string]Slot{
	"subj": {Kind: Subj}, "obj": {Kind: Obj}, "poss": {Kind: Poss}, "mod": {Kind: Mod}, "host": {Kind: Host},
	"comp": {Kind: Comp}, "objrel": {Kind: ObjRel}, "by": {Kind: PP, Prep: "by"}, "pp": {Kind: PP},
}

func parseSlots(spec string) ([]Slot, error) {
	var out []Slot
	for _, s := range strings.Split(spec, "|") {
		if sl, ok := slotNames[s]; ok {
			out = append(out, sl)
			continue
		}
		if p, ok := strings.CutPrefix(s, "pp:"); ok {
			out = append(out, Slot{Kind: PP, Prep: strings.ReplaceAll(p, "_", " ")})
			continue
		}
		return nil, fmt.Errorf("unknown slot %q", s)
	}
	return out, nil
}

func (f *Frame) options(s string) error {
	for _, o := range strings.Split(s, ";") {
		o = strings.TrimSpace(o)
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "":
		case "conf":
			c, err := strconv.ParseFloat(v, 64)
			if err != nil || c <= 0 || c > 1 {
				return fmt.Errorf("bad confidence %q", v)
			}
			f.Conf = c
		case "stype", "otype", "type":
			var ts []ontology.EntityType
			if k != "type" {
				for _, t := range strings.Split(v, "|") {
					et, ok := ontology.ParseEntityType(t)
					if !ok {
						return fmt.Errorf("unknown entity type %q", t)
					}
					ts = append(ts, et)
				}
			}
			if k == "stype" {
				f.SType = ts
			} else if k == "otype" {
				f.OType = ts
			}
		case "need":
			f.Need = append(f.Need, v)
		case "list":
			f.List = true
		case "event":
			f.Event = true
		case "denial":
			f.Denial = true
		case "speech":
			f.Speech = true
		case "every":
			f.Every = true
		case "inverse", "nohedge":
			// documented markers without effect on matching
		default:
			return fmt.Errorf("unknown option %q", k)
		}
	}
	return nil
}

// Needs reports whether the frame carries the condition c ("cop", "pp:as").
func (f *Frame) Needs(c string) bool {
	for _, n := range f.Need {
		if n == c {
			return true
		}
	}
	return false
}

// NeedValue returns the value of a "name:values" condition ("hostnoun",
// "noun") split at "|", or nil.
func (f *Frame) NeedValue(name string) []string {
	for _, n := range f.Need {
		if k, v, ok := strings.Cut(n, ":"); ok && k == name {
			return strings.Split(v, "|")
		}
	}
	return nil
}

// TypeOK reports whether types s and o fit the frame's constraints.
func (f *Frame) TypeOK(s, o ontology.EntityType) bool {
	return typeIn(s, f.SType) && typeIn(o, f.OType)
}

func typeIn(t ontology.EntityType, ts []ontology.EntityType) bool {
	if len(ts) == 0 {
		return true
	}
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
