package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

// referenceHit is one result of referenceSearch.
type referenceHit struct {
	order, key string
	rank       int
}

// referenceSearch is the search before the gram index produced candidates:
// it walks every sorted key, ranks it, keeps each entity's best rank (the
// first key in key order among equals) and sorts by Order. It is the brute
// force the gram search is compared with; keys are x's keys, sorted.
func referenceSearch(x *Index, keys []string, text string, types []ontology.EntityType) []referenceHit {
	typeOK := typeSet(types)
	var hits []referenceHit
	best := map[int32]int{}
	consider := func(key string, rank int) {
		for _, e := range x.keyEntities(key) {
			r := x.ents[e]
			if !r.live() || !typeOK(first(r.types())) {
				continue
			}
			rank := rank
			if rank == RankAlias && ontology.Normalize(first(r.names())) == key {
				rank = RankName
			}
			h := referenceHit{key: key, rank: rank,
				order: fmt.Sprintf("%d|%09d|%s", rank, 999999999-min(r.degree(), 999999999), r.id)}
			if i, ok := best[e]; !ok {
				best[e] = len(hits)
				hits = append(hits, h)
			} else if rank < hits[i].rank {
				hits[i] = h
			}
		}
	}
	if text == "" {
		for e, r := range x.ents {
			if r.live() && typeOK(first(r.types())) {
				best[int32(e)] = len(hits)
				hits = append(hits, referenceHit{rank: RankName,
					order: fmt.Sprintf("%d|%09d|%s", RankName, 999999999-min(r.degree(), 999999999), r.id)})
			}
		}
	} else {
		consider(text, RankAlias)
		maxEdits := 0
		if len(text) >= 4 {
			maxEdits = 1
		}
		if len(text) >= 8 {
			maxEdits = 2
		}
		for _, key := range keys {
			if strings.HasPrefix(key, text) && key != text {
				consider(key, RankPrefix)
			}
		}
		for _, key := range keys {
			switch {
			case strings.HasPrefix(key, text):
			case strings.Contains(key, " "+text):
				consider(key, RankWord)
			case len(text) >= 3 && strings.Contains(key, text):
				consider(key, RankSubstring)
			case maxEdits > 0 && withinEdits(text, key, maxEdits):
				consider(key, RankFuzzy)
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].order < hits[j].order })
	return hits
}

// edit applies n random edits (substitution, insertion, deletion, swap of
// neighbours) to s, rune by rune.
func edit(r *rand.Rand, s string, n int) string {
	rs := []rune(s)
	letters := []rune("abdeiklmnorstuyz ü")
	for range n {
		i := r.IntN(len(rs) + 1)
		switch op := r.IntN(4); {
		case op == 0 && i < len(rs):
			rs[i] = letters[r.IntN(len(letters))]
		case op == 1:
			rs = append(rs[:i], append([]rune{letters[r.IntN(len(letters))]}, rs[i:]...)...)
		case op == 2 && i < len(rs):
			rs = append(rs[:i], rs[i+1:]...)
		case i+1 < len(rs):
			rs[i], rs[i+1] = rs[i+1], rs[i]
		}
	}
	return string(rs)
}

// TestSearchMatchesReference compares the gram index's search with
// referenceSearch on tens of thousands of keys, for queries of every kind:
// exact names and aliases, prefixes, word starts, substrings, names with
// one to three edits, texts shorter than two bytes, non-ASCII and long
// texts, with and without a type filter, before and after names leave and
// come back. Every page read through cursors is the reference's slice.
func TestSearchMatchesReference(t *testing.T) {
	long := strings.Repeat("very long name of an organization ", 3)
	extra := []string{"München Security Bureau", "Düsseldorf Bank", "Zürich", "Ünal Öztürk", "東京 Group", "a", "B", "ab",
		"apt", "apt 41", long + "alpha", long + "beta", strings.Repeat("verylongname", 25), "x-ray", "o'brien"}
	x, names := synthIndex(30_000, 2, extra)
	r := rand.New(rand.NewPCG(9, 9))
	queries := []string{"", "a", "b", "ü", "東", "ab", "mü", "münch", "müncgen security bureau", "zurich", "東京",
		long, long + "alpah", strings.Repeat("verylongname", 25)[:290], "x-ra", "obrien", "apt 4", "apt1"}
	for range 400 {
		name := names[r.IntN(len(names))]
		norm := strings.TrimSpace(ontology.Normalize(name))
		words := strings.Fields(norm)
		w := words[r.IntN(len(words))]
		var q string
		switch r.IntN(7) {
		case 0:
			q = norm
		case 1:
			q = norm[:min(len(norm), 1+r.IntN(6))]
		case 2:
			q = w[:min(len(w), 2+r.IntN(4))]
		case 3:
			i := r.IntN(len(norm))
			q = norm[i:min(len(norm), i+3+r.IntN(5))]
		case 4:
			q = edit(r, norm, 1+r.IntN(3))
		case 5:
			q = edit(r, w, 1)
		default:
			q = edit(r, norm[:min(len(norm), 4+r.IntN(6))], r.IntN(2))
		}
		queries = append(queries, strings.TrimSpace(ontology.Normalize(q)))
	}
	types := [][]ontology.EntityType{nil, {ontology.Organization}, {ontology.Person}}
	check := func(t *testing.T) {
		var keys []string
		for p, l := range x.byKey {
			if len(l) > 0 {
				keys = append(keys, x.grams.keys[p])
			}
		}
		sort.Strings(keys)
		for i, q := range queries {
			ts := types[i%len(types)]
			want := referenceSearch(x, keys, q, ts)
			cands, err := x.Search(context.Background(), SearchQuery{Text: q, Types: ts})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			all, before := SearchPage(cands, "", len(cands))
			got := make([]referenceHit, len(all))
			for j, c := range all {
				got[j] = referenceHit{order: c.Order(), key: c.key, rank: c.Rank}
			}
			if before != 0 || !slices.Equal(got, want) {
				t.Fatalf("search %q: %d hits, the reference %d\n got %.5v\nwant %.5v", q, len(got), len(want), got, want)
			}
			if i%10 != 0 {
				continue
			}
			// page through with cursors, in about 16 pages
			var paged []string
			for after, n := "", 7+len(cands)/16; ; {
				page, before := SearchPage(cands, after, n)
				if before != len(paged) {
					t.Fatalf("search %q: %d before the page after %q, want %d", q, before, after, len(paged))
				}
				if len(page) == 0 {
					break
				}
				for _, c := range page {
					paged = append(paged, c.Order())
				}
				after = page[len(page)-1].Order()
			}
			for j, h := range want {
				if j >= len(paged) || paged[j] != h.order {
					t.Fatalf("search %q: paging gives %d hits, the reference %d; hit %d differs", q, len(paged), len(want), j)
				}
			}
		}
	}
	t.Run("first", check)
	// every third entity loses its name, key and alias, so keys leave
	// (their gram entries stay); half of them come back
	var removed []string
	for i := 0; i < len(names); i += 3 {
		id := fmt.Sprintf("organization:o%d", i)
		_, rec := x.entity(id, false)
		for _, k := range append([]strCount(nil), rec.keys()...) {
			x.Apply(Fact{Kind: EntityAttr, Attr: AttrKey, Subject: id, Object: k.s, Label: "doc:d1", LabelDoc: true}, -1)
		}
		removed = append(removed, id)
	}
	t.Run("after removals", check)
	for i, id := range removed {
		if i%2 == 0 {
			n := names[3*i]
			x.Apply(Fact{Kind: EntityAttr, Attr: AttrKey, Subject: id, Object: ontology.Normalize(n), Label: "doc:d1", LabelDoc: true}, +1)
		}
	}
	t.Run("after some came back", check)
}
