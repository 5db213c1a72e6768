package server

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// The checks in this file run before a query is validated. gqlparser's
// validation is not linear in the document: the overlapping-fields rule
// compares in pairs the fields that answer one response key and the
// fragments spread into one selection set, so 10,000 fragments spread on one
// field took minutes and gigabytes. Each check here is one pass over the
// query text, its tokens or its syntax tree (fragments are counted once,
// however often they are spread), and each bounds one of the things the
// validator's work grows with.

// queryTooLarge is the refusal of a query text over Limits.MaxQueryBytes.
func queryTooLarge(ctx context.Context, n, limit int) *gqlerror.Error {
	return gqlError(ctx, CodeQueryTooLarge, "the query is %d bytes, more than the limit of %d", n, limit)
}

// parseChecked parses query within Limits and checks the document's size
// limits. A query that does not parse gets gqlgen's parse error; a document
// without operations comes back nil, for gqlgen to refuse.
func parseChecked(ctx context.Context, query string, l Limits) (*ast.QueryDocument, *gqlerror.Error) {
	if err := ctx.Err(); err != nil {
		return nil, stopped(ctx, err)
	}
	src := &ast.Source{Input: query}
	if err := checkTokens(ctx, src, l); err != nil {
		return nil, err
	}
	doc, err := parser.ParseQueryWithTokenLimit(src, l.MaxTokens)
	if err != nil {
		gqlErr, ok := err.(*gqlerror.Error)
		if !ok {
			gqlErr = gqlerror.Errorf("%s", err)
		}
		errcode.Set(gqlErr, errcode.ParseFailed)
		return nil, gqlErr
	}
	if len(doc.Operations) == 0 {
		return nil, nil
	}
	if err := checkDocument(ctx, doc, l); err != nil {
		return nil, err
	}
	return doc, nil
}

// checkTokens counts the tokens of a query and, among them, the fragment
// definitions, directives and variable definitions, all before the parser
// allocates a node: the lexer allocates nothing per token.
func checkTokens(ctx context.Context, src *ast.Source, l Limits) *gqlerror.Error {
	lex := lexer.New(src)
	tokens, fragments, directives, variables, braces := 0, 0, 0, 0, 0
	prev, prev2 := lexer.BraceR, lexer.Invalid // a definition starts the document or follows a '}'
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return nil // a lexical error is the parser's to report
		}
		if tokens++; tokens > l.MaxTokens {
			return gqlError(ctx, CodeTokenLimit, "the query has more than %d tokens", l.MaxTokens)
		}
		switch tok.Kind {
		case lexer.Comment:
			continue
		case lexer.BraceL:
			braces++
		case lexer.BraceR:
			braces--
		case lexer.At:
			if directives++; directives > l.MaxDirectives {
				return gqlError(ctx, CodeDirectiveLimit, "the query has more than %d directives", l.MaxDirectives)
			}
		case lexer.Name:
			if braces == 0 && prev == lexer.BraceR && tok.Value == "fragment" {
				if fragments++; fragments > l.MaxFragments {
					return gqlError(ctx, CodeFragmentLimit, "the query defines more than %d fragments", l.MaxFragments)
				}
			}
		case lexer.Colon:
			if braces == 0 && prev == lexer.Name && prev2 == lexer.Dollar {
				if variables++; variables > l.MaxVariables {
					return gqlError(ctx, CodeVariableLimit, "the query defines more than %d variables", l.MaxVariables)
				}
			}
		}
		prev2, prev = prev, tok.Kind
	}
}

// checkDocument checks a parsed document against the Limits on selections,
// merged fields and aliases, and refuses fragment cycles (which validation
// refuses too) so that the walks here need no guard against them.
func checkDocument(ctx context.Context, doc *ast.QueryDocument, l Limits) *gqlerror.Error {
	c := docCheck{
		limits: l,
		frags:  make(map[string]*ast.FragmentDefinition, len(doc.Fragments)),
		memo:   make(map[string]int, len(doc.Fragments)),
	}
	for _, f := range doc.Fragments {
		if _, ok := c.frags[f.Name]; !ok { // the first of duplicate names, as the validator does
			c.frags[f.Name] = f
		}
	}
	// the validator walks every operation and every fragment definition,
	// entering the fragments spread in each
	total := 0
	for _, op := range doc.Operations {
		total = satAdd(total, c.selections(op.SelectionSet))
	}
	for _, f := range doc.Fragments {
		total = satAdd(total, c.fragment(f.Name))
	}
	switch {
	case c.cycle != "":
		err := gqlerror.Errorf("cannot spread fragment %q within itself", c.cycle)
		errcode.Set(err, errcode.ValidationFailed)
		return err
	case c.aliases > l.MaxAliases:
		return gqlError(ctx, CodeAliasLimit, "the query has %d aliases, more than the limit of %d", c.aliases, l.MaxAliases)
	case total > l.MaxSelections:
		return gqlError(ctx, CodeSelectionLimit, "the query has more than %d selections (fields, fragment spreads and inline fragments, with each fragment counted as often as it is spread)", l.MaxSelections)
	}
	// with the selections bounded and no cycles, these walks are bounded too
	for _, op := range doc.Operations {
		if err := c.merged(ctx, []ast.SelectionSet{op.SelectionSet}, nil); err != nil {
			return err
		}
	}
	for _, f := range doc.Fragments {
		if err := c.merged(ctx, []ast.SelectionSet{f.SelectionSet}, []string{f.Name}); err != nil {
			return err
		}
	}
	return nil
}

// docCheck counts a document's selections and aliases in one pass: each
// fragment's body is visited once.
type docCheck struct {
	limits Limits
	frags  map[string]*ast.FragmentDefinition
	// memo holds the selections each fragment expands to; -1 while the
	// fragment's own selections are being counted
	memo    map[string]int
	cycle   string // a fragment that spreads itself, if any
	aliases int
}

// selections returns the selections of set with fragment spreads expanded,
// and counts the aliases it spells out.
func (c *docCheck) selections(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		n = satAdd(n, 1)
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != s.Name {
				c.aliases++
			}
			n = satAdd(n, c.selections(s.SelectionSet))
		case *ast.InlineFragment:
			n = satAdd(n, c.selections(s.SelectionSet))
		case *ast.FragmentSpread:
			n = satAdd(n, c.fragment(s.Name))
		}
	}
	return n
}

// fragment returns the selections fragment name expands to (0 for an
// unknown fragment, which validation reports), counting its body once.
func (c *docCheck) fragment(name string) int {
	if v, ok := c.memo[name]; ok {
		if v < 0 {
			c.cycle = name
			return 0
		}
		return v
	}
	f := c.frags[name]
	if f == nil {
		return 0
	}
	c.memo[name] = -1
	v := c.selections(f.SelectionSet)
	c.memo[name] = v
	return v
}

// merged checks that at most MaxMerged fields answer each response key below
// sets, which all answer one key (path) themselves: the fields of the sets,
// of their inline fragments and of the fragments they spread (each once)
// that share a response name answer one key, and the fields below those
// answer the keys below it. The overlapping-fields rule compares such fields
// in pairs. Each field of the expanded document is met at most once.
func (c *docCheck) merged(ctx context.Context, sets []ast.SelectionSet, path []string) *gqlerror.Error {
	if len(path) > 64 {
		return nil // deeper than the depth limit: refused after validation
	}
	groups := make(map[string][]*ast.Field)
	var keys []string
	spread := make(map[string]bool)
	var collect func(set ast.SelectionSet)
	collect = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if _, ok := groups[s.Alias]; !ok {
					keys = append(keys, s.Alias)
				}
				groups[s.Alias] = append(groups[s.Alias], s)
			case *ast.InlineFragment:
				collect(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := c.frags[s.Name]; f != nil && !spread[s.Name] {
					spread[s.Name] = true
					collect(f.SelectionSet)
				}
			}
		}
	}
	for _, set := range sets {
		collect(set)
	}
	for _, key := range keys {
		fields := groups[key]
		at := append(path[:len(path):len(path)], key)
		if len(fields) > c.limits.MaxMerged {
			return gqlError(ctx, CodeMergeLimit, "the query asks for %q %d times (with its fragments), more than the limit of %d", strings.Join(at, "."), len(fields), c.limits.MaxMerged)
		}
		var below []ast.SelectionSet
		for _, f := range fields {
			if len(f.SelectionSet) > 0 {
				below = append(below, f.SelectionSet)
			}
		}
		if len(below) > 0 {
			if err := c.merged(ctx, below, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// satAdd adds two counts, saturating instead of overflowing.
func satAdd(a, b int) int {
	if s := a + b; s >= a {
		return s
	}
	return int(^uint(0) >> 1)
}

// checkInput bounds a request's variables and extensions, as JSON text,
// before they are decoded: at most MaxInputValues values (a million small
// values in 4 MB of JSON decode into 175 MB) nested at most MaxInputDepth
// deep. raw is the variables or the extensions, or, when envelope is set, a
// whole request body, whose object and other members have an allowance of
// their own. It does not check that raw is valid JSON; the decoder does.
func checkInput(ctx context.Context, raw []byte, l Limits, envelope bool) *gqlerror.Error {
	maxValues, maxDepth := l.MaxInputValues, l.MaxInputDepth
	if envelope {
		maxValues, maxDepth = maxValues+16, maxDepth+1
	}
	depth, values := 0, 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			values++
			for i++; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			values++
			if depth++; depth > maxDepth {
				return gqlError(ctx, CodeNestingLimit, "the variables or extensions nest lists or objects more than %d deep", l.MaxInputDepth)
			}
		case ']', '}':
			depth--
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 't', 'f', 'n':
			values++
			for i+1 < len(raw) && !strings.ContainsRune(" \t\r\n,]}:", rune(raw[i+1])) {
				i++
			}
		}
		if values > maxValues {
			return gqlError(ctx, CodeInputLimit, "the variables and extensions have more than %d values", l.MaxInputValues)
		}
	}
	return nil
}
