package extract

// construction is one golden input (testdata/golden/NAME.txt) and what its
// output must show. Items are lines of the golden form: "Name (TYPE)",
// "Subject —predicate→ Object [about Event]", or an evidence sentence; see
// has for how they match.
type construction struct {
	name string
	what string   // the construction, as issue 14 or a review names it
	want []string // lines the output must have
	not  []string // lines it must not have
	open bool     // not handled yet: misses are logged, not failed
}

var constructions = []construction{}
