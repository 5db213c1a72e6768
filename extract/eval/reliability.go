package eval

import (
	"fmt"
	"io"
	"math"
)

// Bounds are the lower bounds of the confidence buckets of a reliability
// table: [0,0.5), [0.5,0.6), [0.6,0.7), [0.7,0.8), [0.8,0.9), [0.9,1.0].
var Bounds = []float64{0, 0.5, 0.6, 0.7, 0.8, 0.9}

// Judged is one output relation with its confidence and whether it
// matches the gold annotation.
type Judged struct {
	Doc        string
	Relation   DocRelation
	Confidence float64
	Right      bool
}

// Reliability holds every scored output relation of a set of documents, to
// tell how often claims of a given confidence are right.
type Reliability struct {
	Claims []Judged
	// Unscored counts output relations that ScoreDoc leaves out (those
	// ending in a sector where the gold file annotates none).
	Unscored int
}

// Judge scores each relation of out against g on its own, with ScoreDoc's
// matching rules (the same entity matching and predicate rules, so a
// relation is right here exactly when ScoreDoc would count it as a true
// positive). Unlike ScoreDoc, the same triple stated in two sentences is
// two claims, each judged.
func (r *Reliability) Judge(g Gold, out Doc) {
	for _, rel := range out.Relations {
		ds := ScoreDoc(g, Doc{Doc: out.Doc, Entities: out.Entities, Relations: []DocRelation{rel}})
		switch {
		case ds.Relations.TP > 0:
			r.Claims = append(r.Claims, Judged{Doc: out.Doc, Relation: rel, Confidence: rel.Confidence, Right: true})
		case ds.Relations.FP > 0:
			r.Claims = append(r.Claims, Judged{Doc: out.Doc, Relation: rel, Confidence: rel.Confidence})
		default:
			r.Unscored++
		}
	}
}

// ReliabilityOf judges the relations of outs against golds, pairing them by
// document name as ScoreAll does.
func ReliabilityOf(golds []Gold, outs []Doc) Reliability {
	byDoc := byName(outs)
	var r Reliability
	for _, g := range golds {
		if o, ok := byDoc[g.Doc]; ok {
			r.Judge(g, o)
		}
	}
	return r
}

// Merge adds the claims of o to r.
func (r *Reliability) Merge(o Reliability) {
	r.Claims = append(r.Claims, o.Claims...)
	r.Unscored += o.Unscored
}

// Bucket is one row of a reliability table: the claims with confidence in
// [Low, High) (the last bucket includes 1).
type Bucket struct {
	Low, High     float64
	Claims, Right int
}

// Precision is the share of the bucket's claims that are right, 0 when it
// has none.
func (b Bucket) Precision() float64 {
	if b.Claims == 0 {
		return 0
	}
	return float64(b.Right) / float64(b.Claims)
}

// Buckets counts the claims of each confidence bucket of Bounds.
func (r Reliability) Buckets() []Bucket {
	out := make([]Bucket, len(Bounds))
	for i, low := range Bounds {
		out[i] = Bucket{Low: low, High: 1}
		if i+1 < len(Bounds) {
			out[i].High = Bounds[i+1]
		}
	}
	for _, c := range r.Claims {
		i := bucketOf(c.Confidence)
		out[i].Claims++
		if c.Right {
			out[i].Right++
		}
	}
	return out
}

// bucketOf returns the index of the bucket of confidence c. Confidences
// are rounded to two decimals, so a bound is compared with a margin that
// keeps 0.8 in [0.8,0.9) whatever its binary form.
func bucketOf(c float64) int {
	i := 0
	for j, low := range Bounds {
		if c >= low-1e-9 {
			i = j
		}
	}
	return i
}

// AtLeast returns the claims with confidence ≥ min (with the bucket
// margin), as one bucket.
func (r Reliability) AtLeast(min float64) Bucket {
	b := Bucket{Low: min, High: 1}
	for _, c := range r.Claims {
		if c.Confidence >= min-1e-9 {
			b.Claims++
			if c.Right {
				b.Right++
			}
		}
	}
	return b
}

// WriteTable prints the reliability table: claims, right claims and
// precision per confidence bucket, then the same for confidence ≥ 0.8
// (the target: right at least 90% of the time) and for all.
func (r Reliability) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%-12s %7s %7s %9s\n", "confidence", "claims", "right", "precision")
	row := func(label string, b Bucket) {
		p := "-"
		if b.Claims > 0 {
			p = fmt.Sprintf("%.2f", b.Precision())
		}
		fmt.Fprintf(w, "%-12s %7d %7d %9s\n", label, b.Claims, b.Right, p)
	}
	for _, b := range r.Buckets() {
		closing := ")"
		if b.High == 1 {
			closing = "]"
		}
		row(fmt.Sprintf("[%.1f,%.1f%s", b.Low, b.High, closing), b)
	}
	row("≥ 0.8", r.AtLeast(0.8))
	row("all", r.AtLeast(math.Inf(-1)))
	if r.Unscored > 0 {
		fmt.Fprintf(w, "(%d relations ending in a sector not scored: the gold annotates none)\n", r.Unscored)
	}
}
