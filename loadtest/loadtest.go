// Package loadtest drives a running newsgraph server with concurrent GraphQL
// clients (a mix of search, entity, 2-hop neighborhood and paths queries)
// while documents are ingested, and reports latency percentiles, failures
// and the server's memory over time.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config is one load test.
type Config struct {
	URL      string // the server, e.g. http://127.0.0.1:8080
	Clients  int
	Duration time.Duration
	// Names are entity names to query; the test looks them up first.
	Names []string
	// Ingest, when set, is called in a loop during the test (it should ingest
	// one document through the server or the store) until the test ends.
	Ingest func(ctx context.Context, i int) error
	// Token is sent with mutations.
	Token string
	// MemSample samples the server's memory in bytes; nil samples this
	// process (the server runs in it).
	MemSample func() uint64
}

// Result is what a load test measured.
type Result struct {
	Requests  int
	Failures  int
	Ingested  int
	IngestErr int
	Duration  time.Duration
	ByOp      map[string]Percentiles
	All       Percentiles
	// Memory samples (MiB) taken every second, and the growth from the
	// sample after warm-up (a quarter of the run) to the last.
	MemMiB      []float64
	MemGrowthMB float64
	FirstErrors []string
}

// Percentiles of a latency distribution.
type Percentiles struct {
	N             int
	P50, P99, Max time.Duration
}

func percentiles(d []time.Duration) Percentiles {
	if len(d) == 0 {
		return Percentiles{}
	}
	slices.Sort(d)
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return Percentiles{N: len(d), P50: at(0.50), P99: at(0.99), Max: d[len(d)-1]}
}

type op struct {
	name  string
	query string
	vars  func(r *rand.Rand) map[string]any
}

// Run runs the load test.
func Run(ctx context.Context, cfg Config) (Result, error) {
	r := &runner{
		cfg:    cfg,
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients * 2}},
		lat:    map[string][]time.Duration{},
	}
	ids, err := r.lookUp(ctx)
	if err != nil {
		return Result{}, err
	}
	ops := r.operations(ids)
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < cfg.Clients; c++ {
		wg.Go(func() { r.send(ctx, uint64(c), ops) })
	}
	if cfg.Ingest != nil {
		wg.Go(func() { r.ingest(ctx) })
	}
	r.sampleMemory(ctx)
	wg.Wait()
	res := r.res
	res.Duration = time.Since(start)
	res.ByOp = map[string]Percentiles{}
	var all []time.Duration
	for name, d := range r.lat {
		all = append(all, d...)
		res.ByOp[name] = percentiles(d)
	}
	res.All = percentiles(all)
	if n := len(res.MemMiB); n >= 4 {
		res.MemGrowthMB = res.MemMiB[n-1] - res.MemMiB[n/4]
	}
	return res, nil
}

// runner is the state of one run: its clients share the HTTP client, and
// record latencies and failures under mu.
type runner struct {
	cfg    Config
	client *http.Client
	mu     sync.Mutex
	lat    map[string][]time.Duration // by operation
	res    Result
}

// post sends one GraphQL request and returns its data; a status other than
// 200 or a GraphQL error is an error.
func (r *runner) post(ctx context.Context, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.cfg.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if r.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.cfg.Token)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %.200s", resp.StatusCode, raw)
	}
	var out struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("errors: %.300v", out.Errors)
	}
	return out.Data, nil
}

// lookUp resolves the configured names to entity IDs; at least two must be
// in the store.
func (r *runner) lookUp(ctx context.Context) ([]string, error) {
	var ids []string
	for _, n := range r.cfg.Names {
		d, err := r.post(ctx, `query($n:String!){ entity(name:$n){ id } }`, map[string]any{"n": n})
		if err != nil {
			return nil, fmt.Errorf("loadtest: look up %q: %w", n, err)
		}
		if e, ok := d["entity"].(map[string]any); ok {
			ids = append(ids, e["id"].(string))
		}
	}
	if len(ids) < 2 {
		return nil, fmt.Errorf("loadtest: need at least two of the names in the store, found %d", len(ids))
	}
	return ids, nil
}

// operations are the queries the clients send, with variables drawn from
// the names and the entities found.
func (r *runner) operations(ids []string) []op {
	names := r.cfg.Names
	pick := func(r *rand.Rand) string { return ids[r.IntN(len(ids))] }
	return []op{
		{"search", `query Search($q:String){ entities(query:$q, first:10){ edges{ match matched node{ id name type } } } }`,
			func(r *rand.Rand) map[string]any {
				n := names[r.IntN(len(names))]
				return map[string]any{"q": n[:min(len(n), 1+r.IntN(len(n)))]}
			}},
		{"entity", `query Entity($id:ID!){ entity(id:$id){ id name aliases relationCounts{ predicate direction count } relations(first:20){ totalCount edges{ node{ predicate subject{ name } object{ name } confidence evidence{ sentence document{ title } } } } } } }`,
			func(r *rand.Rand) map[string]any { return map[string]any{"id": pick(r)} }},
		{"neighborhood", `query Hop2($id:ID!){ neighborhood(ids:[$id], depth:2, limit:200){ truncated nodes{ id name type } edges{ id predicate subject{ id } object{ id } } } }`,
			func(r *rand.Rand) map[string]any { return map[string]any{"id": pick(r)} }},
		{"paths", `query Paths($a:ID!,$b:ID!){ paths(from:$a, to:$b, maxDepth:4, first:3){ length nodes{ name } edges{ predicate evidence{ sentence } } } }`,
			func(r *rand.Rand) map[string]any { return map[string]any{"a": pick(r), "b": pick(r)} }},
	}
}

// failed records an error, keeping the first five.
func (r *runner) failed(what string, err error) {
	if len(r.res.FirstErrors) < 5 {
		r.res.FirstErrors = append(r.res.FirstErrors, what+": "+err.Error())
	}
}

// send is one client: it sends random operations until ctx ends.
func (r *runner) send(ctx context.Context, seed uint64, ops []op) {
	rnd := rand.New(rand.NewPCG(seed, 7))
	for ctx.Err() == nil {
		o := ops[rnd.IntN(len(ops))]
		t0 := time.Now()
		_, err := r.post(ctx, o.query, o.vars(rnd))
		d := time.Since(t0)
		if ctx.Err() != nil {
			return // the run ended mid-request: not a failure
		}
		r.mu.Lock()
		r.res.Requests++
		if err != nil {
			r.res.Failures++
			r.failed(o.name, err)
		} else {
			r.lat[o.name] = append(r.lat[o.name], d)
		}
		r.mu.Unlock()
	}
}

// ingest calls cfg.Ingest over and over until ctx ends.
func (r *runner) ingest(ctx context.Context) {
	for i := 0; ctx.Err() == nil; i++ {
		err := r.cfg.Ingest(ctx, i)
		if ctx.Err() != nil {
			return
		}
		r.mu.Lock()
		if err != nil {
			r.res.IngestErr++
			r.failed("ingest", err)
		} else {
			r.res.Ingested++
		}
		r.mu.Unlock()
	}
}

// sampleMemory samples the memory in use once a second until ctx ends.
func (r *runner) sampleMemory(ctx context.Context) {
	sample := r.cfg.MemSample
	if sample == nil {
		sample = func() uint64 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return m.HeapInuse + m.StackInuse
		}
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s := float64(sample()) / (1 << 20)
			r.mu.Lock()
			r.res.MemMiB = append(r.res.MemMiB, s)
			r.mu.Unlock()
		}
	}
}

// Table renders a result for people.
func (r Result) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d requests in %.1fs (%.0f/s), %d failed; %d documents ingested during the run (%d failed)\n",
		r.Requests, r.Duration.Seconds(), float64(r.Requests)/r.Duration.Seconds(), r.Failures, r.Ingested, r.IngestErr)
	fmt.Fprintf(&b, "%-14s %8s %10s %10s %10s\n", "operation", "count", "p50", "p99", "max")
	names := make([]string, 0, len(r.ByOp))
	for n := range r.ByOp {
		names = append(names, n)
	}
	sort.Strings(names)
	row := func(n string, p Percentiles) {
		fmt.Fprintf(&b, "%-14s %8d %10s %10s %10s\n", n, p.N, p.P50.Round(10*time.Microsecond), p.P99.Round(10*time.Microsecond), p.Max.Round(10*time.Microsecond))
	}
	for _, n := range names {
		row(n, r.ByOp[n])
	}
	row("all", r.All)
	if len(r.MemMiB) > 0 {
		fmt.Fprintf(&b, "memory (MiB, every second): first %.0f, after warm-up %.0f, last %.0f, growth after warm-up %+.1f MiB\n",
			r.MemMiB[0], r.MemMiB[len(r.MemMiB)/4], r.MemMiB[len(r.MemMiB)-1], r.MemGrowthMB)
	}
	for _, e := range r.FirstErrors {
		fmt.Fprintf(&b, "error: %s\n", e)
	}
	return b.String()
}
