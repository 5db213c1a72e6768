package resolvers

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// neighborhoodArgs converts the arguments of Query.neighborhood (defaults
// applied by ArgumentMap) the way the generated code does; ok is false for
// anything unexpected, and gqlgen then reports it.
func neighborhoodArgs(args map[string]any) (graph.NeighborhoodQuery, bool) {
	ids, ok := idList(args["ids"])
	if !ok {
		return graph.NeighborhoodQuery{}, false
	}
	depth, ok1 := optInt(args["depth"])
	limit, ok2 := optInt(args["limit"])
	fanout, ok3 := optInt(args["fanout"])
	preds, ok4 := predicateList(args["predicates"])
	types, ok5 := typeList(args["types"])
	dir, ok6 := optDirection(args["direction"])
	from, ok7 := optTimeArg(args["from"])
	to, ok8 := optTimeArg(args["to"])
	minConf, ok9 := optFloat(args["minConfidence"])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8 && ok9) {
		return graph.NeighborhoodQuery{}, false
	}
	return neighborhoodQuery(ids, depth, preds, types, dir, from, to, minConf, limit, fanout), true
}

// pathArgs converts the arguments of Query.paths.
func pathArgs(args map[string]any) (graph.PathQuery, bool) {
	from, ok1 := args["from"].(string)
	to, ok2 := args["to"].(string)
	maxDepth, ok3 := optInt(args["maxDepth"])
	first, ok4 := optInt(args["first"])
	preds, ok5 := predicateList(args["predicates"])
	dir, ok6 := optDirection(args["direction"])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return graph.PathQuery{}, false
	}
	return pathQuery(from, to, maxDepth, first, preds, dir), true
}

func idList(v any) ([]string, bool) {
	var out []string
	for _, x := range graphql.CoerceList(v) {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, out != nil
}

// optional converts an optional argument with conv: nil stays nil, and a
// value conv refuses makes the fast path decline.
func optional[T any](v any, conv func(any) (T, error)) (*T, bool) {
	if v == nil {
		return nil, true
	}
	x, err := conv(v)
	if err != nil {
		return nil, false
	}
	return &x, true
}

func optInt(v any) (*int, bool) {
	return optional(v, func(v any) (int, error) {
		switch n := v.(type) {
		case int64:
			return int(n), nil
		case int:
			return n, nil
		case json.Number:
			i, err := n.Int64()
			return int(i), err
		}
		return 0, fmt.Errorf("not an Int: %T", v)
	})
}

func optFloat(v any) (*float64, bool) { return optional(v, graphql.UnmarshalFloat) }

func optTimeArg(v any) (*time.Time, bool) { return optional(v, graphql.UnmarshalTime) }

func optDirection(v any) (*model.Direction, bool) {
	return optional(v, func(v any) (model.Direction, error) {
		var d model.Direction
		err := d.UnmarshalGQL(v)
		return d, err
	})
}

func predicateList(v any) ([]ontology.Predicate, bool) {
	return enumList(v, func(s string) (ontology.Predicate, bool) {
		p, ok := ontology.ParsePredicate(s)
		return p, ok && p.Enum() == s
	})
}

func typeList(v any) ([]ontology.EntityType, bool) {
	return enumList(v, func(s string) (ontology.EntityType, bool) {
		t := ontology.EntityType(s)
		return t, t.Valid()
	})
}

// enumList reads a list argument of enum values (nil: none given); false
// when an element is not a string that parse accepts.
func enumList[T any](v any, parse func(string) (T, bool)) ([]T, bool) {
	if v == nil {
		return nil, true
	}
	list := graphql.CoerceList(v)
	out := make([]T, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		e, ok := parse(s)
		if !ok {
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}
