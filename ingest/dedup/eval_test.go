package dedup_test

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/ingest/dedup"
)

// article is one corpus text split into its headline and paragraphs.
type article struct {
	name     string
	headline string
	paras    []string // after the headline: date line, body paragraphs
}

// loadCorpus reads every article of data.FS's corpus folder.
func loadCorpus(t *testing.T) []article {
	t.Helper()
	names, err := fs.Glob(data.FS, "corpus/*.txt")
	if err != nil || len(names) < 2 {
		t.Fatalf("corpus: %d files, err %v", len(names), err)
	}
	var out []article
	for _, n := range names {
		b, err := fs.ReadFile(data.FS, n)
		if err != nil {
			t.Fatalf("corpus: %v", err)
		}
		var paras []string
		for _, p := range strings.Split(strings.TrimSpace(string(b)), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		out = append(out, article{name: path.Base(n), headline: paras[0], paras: paras[1:]})
	}
	return out
}

func (a article) text() string {
	return a.headline + "\n\n" + strings.Join(a.paras, "\n\n")
}

// lede is the index of the first body paragraph: the one after the date.
func (a article) lede() int {
	if len(a.paras) > 0 && strings.HasPrefix(a.paras[0], "Published:") {
		return 1
	}
	return 0
}

// chrome is page clutter a syndicating site adds around a story.
func chrome(paras []string) []string {
	out := []string{"By Staff Reporter, Example Wire Service", "Share this article"}
	for i, p := range paras {
		out = append(out, p)
		if i == len(paras)/2 {
			out = append(out, "Advertisement")
		}
	}
	return append(out,
		"Share this article",
		"Related stories:\n- Markets close higher on tech rally\n- Weather: storms expected this weekend\n- Opinion: what the new budget means for you",
		"© 2021 Example Wire Service. All rights reserved.")
}

// variant is one edited copy of an article.
type variant struct {
	kind string
	make func(a article) string
}

// variants are the edits a syndicated copy shows.
func variants() []variant {
	join := func(h string, ps []string) string { return h + "\n\n" + strings.Join(ps, "\n\n") }
	newHead := func(article) string { return "Officials respond as new details emerge in the case, report says" }
	dropLede := func(a article) []string {
		i := a.lede()
		return append(append([]string{}, a.paras[:i]...), a.paras[i+1:]...)
	}
	dropLast := func(a article) []string { return a.paras[:len(a.paras)-1] }
	return []variant{
		{"headline", func(a article) string { return join(newHead(a), a.paras) }},
		{"trim-first", func(a article) string { return join(a.headline, dropLede(a)) }},
		{"trim-last", func(a article) string { return join(a.headline, dropLast(a)) }},
		{"chrome", func(a article) string { return join(a.headline, chrome(a.paras)) }},
		{"all-first", func(a article) string { return join(newHead(a), chrome(dropLede(a))) }},
		{"all-last", func(a article) string { return join(newHead(a), chrome(dropLast(a))) }},
	}
}

// stats summarises a list of similarities.
type stats struct{ vals []float64 }

func (s *stats) add(v float64) { s.vals = append(s.vals, v) }

func (s stats) String() string {
	v := append([]float64(nil), s.vals...)
	sort.Float64s(v)
	q := func(p float64) float64 { return v[int(p*float64(len(v)-1))] }
	return fmt.Sprintf("n=%4d min=%.3f p10=%.3f median=%.3f p90=%.3f max=%.3f", len(v), v[0], q(0.1), q(0.5), q(0.9), v[len(v)-1])
}

// TestEvaluateThreshold measures the estimated similarity of each corpus
// article to its syndicated variants (positives) and of every pair of
// different articles (negatives), prints the distributions with -v, and
// checks that DefaultThreshold separates them with a margin, and that the
// Index finds every variant and no other article.
func TestEvaluateThreshold(t *testing.T) {
	arts := loadCorpus(t)
	sigs := make([]dedup.Signature, len(arts))
	ix, err := dedup.NewIndex(dedup.DefaultThreshold)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range arts {
		sigs[i] = dedup.Fingerprint(a.text())
		ix.Add(a.name, sigs[i])
	}
	byKind := map[string]*stats{}
	var pos, neg, exactPos, exactNeg stats
	found, wrong := 0, 0
	for i, a := range arts {
		for _, v := range variants() {
			sig := dedup.Fingerprint(v.make(a))
			s := sigs[i].Similarity(&sig)
			if byKind[v.kind] == nil {
				byKind[v.kind] = &stats{}
			}
			byKind[v.kind].add(s)
			pos.add(s)
			exactPos.add(jaccard(a.text(), v.make(a)))
			switch id, _, ok := ix.Match(sig); {
			case ok && id == a.name:
				found++
			case ok:
				wrong++
			}
		}
		for j := i + 1; j < len(arts); j++ {
			neg.add(sigs[i].Similarity(&sigs[j]))
			exactNeg.add(jaccard(a.text(), arts[j].text()))
		}
	}
	// Each article against the index without itself: only false positives.
	falsePos := 0
	for i, a := range arts {
		ix.Remove(a.name)
		if id, s, ok := ix.Match(sigs[i]); ok {
			falsePos++
			t.Logf("false positive: %s ~ %s at %.3f", a.name, id, s)
		}
		ix.Add(a.name, sigs[i])
	}
	for _, v := range variants() {
		t.Logf("positive %-10s %v", v.kind, byKind[v.kind])
	}
	t.Logf("positive all        %v", pos)
	t.Logf("negative pairs      %v", neg)
	t.Logf("exact Jaccard: positives %v", exactPos)
	t.Logf("exact Jaccard: negatives %v", exactNeg)
	minPos, maxNeg := minOf(pos.vals), maxOf(neg.vals)
	th := dedup.DefaultThreshold
	t.Logf("threshold %.2f: margin above max negative %.3f, below min positive %.3f", th, th-maxNeg, minPos-th)
	t.Logf("index recall %d/%d, matched to the wrong article %d, articles matched to another %d/%d", found, len(pos.vals), wrong, falsePos, len(arts))
	if minPos < th || maxNeg >= th {
		t.Errorf("threshold %.2f does not separate: min positive %.3f, max negative %.3f", th, minPos, maxNeg)
	}
	if found != len(pos.vals) || wrong != 0 || falsePos != 0 {
		t.Errorf("index: recall %d/%d, wrong %d, false positives %d", found, len(pos.vals), wrong, falsePos)
	}
}

// jaccard is the exact Jaccard similarity of the two texts' shingle sets,
// shingled as Fingerprint does, to show the MinHash estimate's error.
func jaccard(a, b string) float64 {
	sa, sb := shingles(a), shingles(b)
	both := 0
	for s := range sa {
		if sb[s] {
			both++
		}
	}
	return float64(both) / float64(len(sa)+len(sb)-both)
}

func shingles(text string) map[string]bool {
	w := dedup.Words(text)
	out := map[string]bool{}
	for i := 0; i+dedup.ShingleWords <= len(w); i++ {
		out[strings.Join(w[i:i+dedup.ShingleWords], " ")] = true
	}
	return out
}

func minOf(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = min(m, x)
	}
	return m
}

func maxOf(v []float64) float64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
