package graph

import (
	"context"
	"strings"

	"github.com/newsgraph/newsgraph/graph/internal/index"
	"github.com/newsgraph/newsgraph/ontology"
)

// Match classes of a search hit, best first.
const (
	MatchName      = "NAME"      // the query is the entity's name
	MatchAlias     = "ALIAS"     // the query is one of its aliases
	MatchPrefix    = "PREFIX"    // a name or alias starts with the query
	MatchWord      = "WORD"      // a word of a name or alias starts with the query
	MatchSubstring = "SUBSTRING" // a name or alias contains the query
	MatchFuzzy     = "FUZZY"     // a name or alias is within a small edit distance
)

// SearchQuery asks for entities by name.
type SearchQuery struct {
	// Text is matched against names and aliases; empty lists all entities.
	Text  string
	Types []ontology.EntityType
	Page  Page
}

// Hit is one search result.
type Hit struct {
	Entity Entity
	// Matched is the name or alias that matched, as stored.
	Matched string
	Match   string // one of the Match constants
}

// SearchPage is one page of search results, best first.
type SearchPage struct {
	Hits    []Hit
	Cursors []string
	PageInfo
}

// MaxQueryLen bounds search queries.
const MaxQueryLen = 200

// Search ranks entities by how well a name or alias matches: exact name, then
// alias, prefix, word prefix, substring and finally a small edit distance;
// ties go to the better-connected entity, then to the ID.
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchPage, error) {
	if len(q.Text) > MaxQueryLen {
		return SearchPage{}, Errorf(EINVALID, "search text is longer than %d bytes", MaxQueryLen)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	text := normalizeQuery(q.Text)
	cands, err := s.idx.Search(ctx, index.SearchQuery{Text: text, Types: q.Types})
	if err != nil {
		return SearchPage{}, err
	}
	kind := "search:" + text
	n, err := checkPage(q.Page)
	if err != nil {
		return SearchPage{}, err
	}
	after, err := decodeCursor(kind, q.Page.After)
	if err != nil {
		return SearchPage{}, err
	}
	// only the page is sorted: a query that matches many entities costs a
	// linear pass
	sel, before := index.SearchPage(cands, after, n)
	page := SearchPage{PageInfo: PageInfo{Total: len(cands), HasNext: before+len(sel) < len(cands), HasPrev: before > 0}}
	for _, c := range sel {
		e, matched := s.idx.Hit(c)
		page.Hits = append(page.Hits, Hit{Entity: toEntity(e), Match: matchNames[c.Rank], Matched: matched})
		page.Cursors = append(page.Cursors, encodeCursor(kind, c.Order()))
	}
	if len(sel) > 0 {
		page.StartCursor, page.EndCursor = page.Cursors[0], page.Cursors[len(sel)-1]
	}
	return page, nil
}

// matchNames are the Match constants by the engine's ranks.
var matchNames = [...]string{index.RankName: MatchName, index.RankAlias: MatchAlias, index.RankPrefix: MatchPrefix,
	index.RankWord: MatchWord, index.RankSubstring: MatchSubstring, index.RankFuzzy: MatchFuzzy}

// normalizeQuery folds a search query like a key.
func normalizeQuery(q string) string { return strings.TrimSpace(NormalizeKey(q)) }
