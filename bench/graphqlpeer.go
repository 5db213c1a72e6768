package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/server"
)

// GraphQL queries the benchmark sends.
const (
	gqlHop2 = `query($id: ID!) { neighborhood(ids: [$id], depth: 2, limit: 200) {
  truncated nodes { id name type } edges { id predicate subject { id } object { id } } } }`
	gqlPaths = `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxDepth: 4, first: 3) {
  length nodes { id name type } edges { id predicate } } }`
	gqlSearch = `query($q: String!) { entities(query: $q, first: 10) { totalCount edges { node { id name type } } } }`
)

// gqlClient posts GraphQL requests to a server over real HTTP. It reads
// answers into one buffer and decodes them straight into the caller's
// value: the client runs in the server's process here, and garbage of its
// own would be collected on the server's time, which a client elsewhere
// does not cost it.
type gqlClient struct {
	ctx      context.Context
	client   *http.Client
	endpoint string
	buf      *bytes.Buffer
}

// post sends one query and decodes its data into out; the duration is the
// round trip, the whole answer read.
func (c gqlClient) post(query string, vars map[string]any, out any) (time.Duration, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(c.ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	t := time.Now()
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	c.buf.Reset()
	_, err = c.buf.ReadFrom(resp.Body)
	resp.Body.Close()
	d := time.Since(t)
	if err != nil {
		return 0, err
	}
	env := struct {
		Data   any
		Errors []struct{ Message string }
	}{Data: out}
	if err := json.Unmarshal(c.buf.Bytes(), &env); err != nil {
		return 0, fmt.Errorf("bench: graphql response: %w", err)
	}
	if len(env.Errors) > 0 {
		return 0, fmt.Errorf("bench: graphql error: %s", env.Errors[0].Message)
	}
	return d, nil
}

// graphqlPeer serves the store on a real listener on 127.0.0.1 and times
// the same queries over HTTP, checking them against the store's answers.
func graphqlPeer(ctx context.Context, s *graph.Store, qs querySet, opts Options, rep *Report, logf func(string, ...any)) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: listen: %w", err)
	}
	srv := &http.Server{Handler: server.New(server.Config{Store: s, ReadOnly: true}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	c := gqlClient{
		ctx:      ctx,
		client:   &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: time.Minute},
		endpoint: "http://" + ln.Addr().String() + "/graphql",
		buf:      new(bytes.Buffer),
	}
	n := min(opts.GraphQLQueries, len(qs.starts))
	for _, step := range []func(context.Context, gqlClient, *graph.Store, querySet, int, *Report) error{
		graphqlHop2, graphqlPaths, graphqlSearch,
	} {
		if err := step(ctx, c, s, qs, n, rep); err != nil {
			return err
		}
	}
	logf("graphql: hop2 p50 %v, paths p50 %v, search p50 %v", rep.GraphQL.Hop2.P50, rep.GraphQL.Paths.P50, rep.GraphQL.Search.P50)
	return nil
}

// graphqlHop2 times the 2-hop neighborhood of the first n starts and checks
// its nodes against Store.Neighborhood's.
func graphqlHop2(ctx context.Context, c gqlClient, s *graph.Store, qs querySet, n int, rep *Report) error {
	type hop2Resp struct {
		Neighborhood struct{ Nodes []struct{ ID string } }
	}
	var lat latencies
	bad := 0
	warm(n, func(i int) { c.post(gqlHop2, map[string]any{"id": qs.starts[i]}, &hop2Resp{}) })
	// the answers are checked after all are timed, so that the checks'
	// garbage is not collected during the timed requests
	got := make([][]string, n)
	var r hop2Resp
	for i, id := range qs.starts[:n] {
		r.Neighborhood.Nodes = r.Neighborhood.Nodes[:0] // a field left out stays empty
		d, err := c.post(gqlHop2, map[string]any{"id": id}, &r)
		if err != nil {
			return fmt.Errorf("bench: graphql neighborhood %s: %w", id, err)
		}
		lat = append(lat, d)
		for _, x := range r.Neighborhood.Nodes {
			got[i] = append(got[i], x.ID)
		}
	}
	for i, id := range qs.starts[:n] {
		sg, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{id}, Depth: 2, Limit: 200})
		if err != nil {
			return err
		}
		var exp []string
		for _, e := range sg.Nodes {
			exp = append(exp, e.ID)
		}
		slices.Sort(got[i])
		slices.Sort(exp)
		if !slices.Equal(got[i], exp) {
			bad++
			rep.mismatch("graphql neighborhood of %s: %d nodes, store %d", id, len(got[i]), len(exp))
		}
	}
	rep.GraphQL.Hop2 = lat.net(rep.Clock).stat()
	rep.check("graphql neighborhood(depth 2, limit 200): same nodes as Store.Neighborhood for %d/%d", n-bad, n)
	return nil
}

// graphqlPaths times paths between the first n pairs and checks the path
// lengths against Store.Paths.
func graphqlPaths(ctx context.Context, c gqlClient, s *graph.Store, qs querySet, n int, rep *Report) error {
	type pathsResp struct {
		Paths []struct{ Length int }
	}
	var lat latencies
	bad := 0
	warm(n, func(i int) {
		c.post(gqlPaths, map[string]any{"a": qs.pairs[i][0], "b": qs.pairs[i][1]}, &pathsResp{})
	})
	got := make([][]int, n)
	var r pathsResp
	for i, p := range qs.pairs[:n] {
		r.Paths = r.Paths[:0]
		d, err := c.post(gqlPaths, map[string]any{"a": p[0], "b": p[1]}, &r)
		if err != nil {
			return fmt.Errorf("bench: graphql paths %s→%s: %w", p[0], p[1], err)
		}
		lat = append(lat, d)
		for _, x := range r.Paths {
			got[i] = append(got[i], x.Length)
		}
	}
	for i, p := range qs.pairs[:n] {
		paths, err := s.Paths(ctx, graph.PathQuery{From: p[0], To: p[1], MaxDepth: 4, First: 3})
		if err != nil {
			return err
		}
		var exp []int
		for _, x := range paths {
			exp = append(exp, len(x.Edges))
		}
		if !slices.Equal(got[i], exp) {
			bad++
			rep.mismatch("graphql paths %s→%s: lengths %v, store %v", p[0], p[1], got[i], exp)
		}
	}
	rep.GraphQL.Paths = lat.net(rep.Clock).stat()
	rep.check("graphql paths: same path lengths as Store.Paths for %d/%d", n-bad, n)
	return nil
}

// graphqlSearch times entities(query) for the first n texts and checks the
// first 10 hits against Store.Search's.
func graphqlSearch(ctx context.Context, c gqlClient, s *graph.Store, qs querySet, n int, rep *Report) error {
	type searchResp struct {
		Entities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	var lat latencies
	bad := 0
	n = min(n, len(qs.texts))
	warm(n, func(i int) { c.post(gqlSearch, map[string]any{"q": qs.texts[i]}, &searchResp{}) })
	got := make([][]string, n)
	var r searchResp
	for i, text := range qs.texts[:n] {
		r.Entities.Edges = r.Entities.Edges[:0]
		d, err := c.post(gqlSearch, map[string]any{"q": text}, &r)
		if err != nil {
			return fmt.Errorf("bench: graphql search %q: %w", text, err)
		}
		lat = append(lat, d)
		for _, e := range r.Entities.Edges {
			got[i] = append(got[i], e.Node.ID)
		}
	}
	for i, text := range qs.texts[:n] {
		page, err := s.Search(ctx, graph.SearchQuery{Text: text, Page: graph.Page{First: 10}})
		if err != nil {
			return err
		}
		var exp []string
		for _, h := range page.Hits {
			exp = append(exp, h.Entity.ID)
		}
		if !slices.Equal(got[i], exp) || len(exp) == 0 {
			bad++
			rep.mismatch("graphql search %q: %v, store %v", text, got[i], exp)
		}
	}
	rep.GraphQL.Search = lat.net(rep.Clock).stat()
	rep.check("graphql entities(query): same first 10 hits as Store.Search for %d/%d (each non-empty)", n-bad, n)
	return nil
}
