package eval_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/eval"
)

// TestReliability prints the reliability table (precision by confidence
// bucket) of every development set and of all of them together, and the
// precision of the claims with confidence ≥ 0.8, which issue 14 wants at
// 0.90 or more. It measures; the confidences are calibrated elsewhere.
func TestReliability(t *testing.T) {
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	var all eval.Reliability
	var sets []string
	for _, s := range devSets {
		golds, outs := extractDir(t, ex, s.gold, s.text)
		if len(golds) == 0 {
			t.Logf("%s: no gold documents in %s", s.name, s.gold)
			continue
		}
		r := eval.ReliabilityOf(golds, outs)
		all.Merge(r)
		sets = append(sets, s.name)
		var b strings.Builder
		r.WriteTable(&b)
		t.Logf("%s:\n%s", s.name, b.String())
		if testing.Verbose() {
			for _, c := range r.Claims {
				if !c.Right && c.Confidence >= 0.8 {
					t.Logf("  wrong at %.2f: %s: %s —%s→ %s", c.Confidence, c.Doc, c.Relation.Subject, c.Relation.Predicate, c.Relation.Object)
				}
			}
		}
	}
	var b strings.Builder
	all.WriteTable(&b)
	hi := all.AtLeast(0.8)
	t.Logf("all sets (%s):\n%s", strings.Join(sets, ", "), b.String())
	t.Logf("confidence ≥ 0.8: %d of %d right = %.3f (target ≥ 0.90)", hi.Right, hi.Claims, hi.Precision())
}

func TestReliabilityBuckets(t *testing.T) {
	gold := eval.Gold{Doc: "d",
		Entities: []eval.GoldEntity{
			{Name: "United States", Type: "COUNTRY", Aliases: []string{"US"}},
			{Name: "China", Type: "COUNTRY"},
			{Name: "Ministry of State Security", Type: "AGENCY", Aliases: []string{"MSS"}},
		},
		Relations: []eval.GoldRelation{
			{Subject: "United States", Predicate: "accuses", Object: "China"},
			{Subject: "MSS", Predicate: "part_of", Object: "China"},
		},
	}
	rel := func(s, p, o string, c float64) eval.DocRelation {
		return eval.DocRelation{Subject: s, Predicate: p, Object: o, Confidence: c}
	}
	out := eval.Doc{Doc: "d",
		Entities: []eval.DocEntity{
			{Name: "United States", Type: "COUNTRY"}, {Name: "China", Type: "COUNTRY"},
			{Name: "MSS", Type: "AGENCY"}, {Name: "health care", Type: "SECTOR"},
		},
		Relations: []eval.DocRelation{
			rel("United States", "accuses", "China", 0.95),  // right
			rel("United States", "accuses", "China", 0.8),   // right again: each claim is judged
			rel("MSS", "part_of", "China", 0.7),             // right
			rel("China", "accuses", "United States", 0.85),  // wrong
			rel("United States", "condemns", "China", 0.4),  // wrong
			rel("MSS", "targets", "health care", 0.9),       // unscored: the gold has no sectors
			rel("United States", "sanctions", "MSS", 0.599), // wrong, in [0.5,0.6)
		},
	}
	r := eval.ReliabilityOf([]eval.Gold{gold}, []eval.Doc{out})
	var got []string
	for _, b := range r.Buckets() {
		got = append(got, fmt.Sprintf("%.1f:%d/%d", b.Low, b.Right, b.Claims))
	}
	if want := "0.0:0/1 0.5:0/1 0.6:0/0 0.7:1/1 0.8:1/2 0.9:1/1"; strings.Join(got, " ") != want {
		t.Errorf("buckets %s, want %s", strings.Join(got, " "), want)
	}
	if hi := r.AtLeast(0.8); hi.Claims != 3 || hi.Right != 2 {
		t.Errorf("≥ 0.8: %+v, want 2 of 3", hi)
	}
	if r.Unscored != 1 {
		t.Errorf("unscored %d, want 1", r.Unscored)
	}
	var b strings.Builder
	r.WriteTable(&b)
	if !strings.Contains(b.String(), "[0.9,1.0]") || !strings.Contains(b.String(), "≥ 0.8") {
		t.Errorf("table:\n%s", b.String())
	}
}
