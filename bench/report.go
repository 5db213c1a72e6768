package bench

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// JSON is the `newsgraph bench --json` object of CONTRACT.md (times in
// microseconds), with the extra measurements under "details".
type JSON struct {
	Scale      string      `json:"scale"`
	Entities   int         `json:"entities"`
	Quads      int64       `json:"quads"`
	Newsgraph  JSONStore   `json:"newsgraph"`
	CayleyBolt JSONPeer    `json:"cayley_bolt"`
	Adjacency  JSONPeer    `json:"adjacency"`
	GraphQL    JSONGraphQL `json:"graphql"`
	Details    JSONDetails `json:"details"`
	Checks     []string    `json:"checks"`
	Mismatches []string    `json:"mismatches,omitempty"`
}

// JSONTimes3 are the three traversal latencies of a peer, in µs.
type JSONTimes3 struct {
	Hop1  float64 `json:"hop1"`
	Hop2  float64 `json:"hop2"`
	Paths float64 `json:"paths"`
}

// JSONStore is newsgraph's store in the JSON object.
type JSONStore struct {
	LoadQPS float64    `json:"load_qps"`
	OpenS   float64    `json:"open_s"`
	RSSMB   float64    `json:"rss_mb"`
	P50     JSONTimes3 `json:"p50"`
	P99     JSONTimes3 `json:"p99"`
}

// JSONPeer is raw cayley or the adjacency lists in the JSON object.
type JSONPeer struct {
	LoadQPS float64    `json:"load_qps"`
	P50     JSONTimes3 `json:"p50"`
	P99     JSONTimes3 `json:"p99"`
}

// JSONGraphQLTimes are the GraphQL latencies, in µs.
type JSONGraphQLTimes struct {
	Hop2   float64 `json:"hop2"`
	Paths  float64 `json:"paths"`
	Search float64 `json:"search"`
}

// JSONGraphQL is the GraphQL-over-HTTP peer in the JSON object.
type JSONGraphQL struct {
	P50 JSONGraphQLTimes `json:"p50"`
	P99 JSONGraphQLTimes `json:"p99"`
}

// JSONDetails are measurements beyond CONTRACT.md's object.
type JSONDetails struct {
	Profile           string             `json:"profile"`
	NQuads            string             `json:"nquads,omitempty"`
	Seed              uint64             `json:"seed"`
	Documents         int                `json:"documents"`
	Relations         int                `json:"relations"`
	LinkedEntities    int                `json:"linked_entities"`
	MaxDegree         int                `json:"max_degree"`
	Hop2MeanNodes     float64            `json:"hop2_mean_nodes"`
	PathsWithin4      int                `json:"paths_within_4"`
	BoltMB            float64            `json:"bolt_mb"`
	Queries           map[string]int     `json:"queries"`
	StoreSearch       map[string]float64 `json:"store_search_us"`
	StoreNeighborhood map[string]float64 `json:"store_neighborhood_limit200_us"`
	StoreNeighborMax  map[string]float64 `json:"store_neighborhood_limit2000_us"`
	OpenRSSMB         float64            `json:"open_rss_mb"`
	OpenAnonMB        float64            `json:"open_rss_anon_mb"`
	OpenFileMB        float64            `json:"open_rss_file_mb"`
	OpenCPUS          float64            `json:"open_cpu_s"`
	OpenRunsS         []float64          `json:"open_runs_s"`
	OpenRunsFresh     bool               `json:"open_runs_in_new_processes"`
	OpenInProcessS    float64            `json:"open_in_process_s"`
	FirstOpenS        float64            `json:"first_open_after_load_s"`
	RebuildS          float64            `json:"open_no_snapshot_s"`
	RebuildCPUS       float64            `json:"open_no_snapshot_cpu_s"`
	TxLoadQPS         float64            `json:"load_transactions_qps"`
	LoadTenthsQPS     []float64          `json:"load_tenths_qps"`
	LoadCommits       int                `json:"load_commits"`
	ClockNS           int64              `json:"clock_ns_subtracted"`
	LoadCPUS          float64            `json:"load_cpu_s"`
	LoadPeakRSSMB     float64            `json:"load_peak_rss_mb"`
	HeapMB            float64            `json:"heap_after_open_mb"`
	HeapBytesPerQuad  float64            `json:"heap_bytes_per_quad"`
	RSSPeakIsServing  bool               `json:"rss_peak_is_serving_only"`
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func times3(a, b, c Stat, p99 bool) JSONTimes3 {
	pick := func(s Stat) float64 {
		if p99 {
			return micros(s.P99)
		}
		return micros(s.P50)
	}
	return JSONTimes3{Hop1: pick(a), Hop2: pick(b), Paths: pick(c)}
}

func pair(s Stat) map[string]float64 {
	return map[string]float64{"p50": micros(s.P50), "p99": micros(s.P99)}
}

// JSON returns the report as CONTRACT.md's object.
func (r *Report) JSON() JSON {
	j := JSON{Scale: r.Scale.Name, Entities: r.Entities, Quads: r.Quads, Checks: r.Checks, Mismatches: r.Mismatches}
	st := r.Store
	j.Newsgraph = JSONStore{LoadQPS: math.Round(st.LoadQPS), OpenS: round(st.Open.Seconds(), 3), RSSMB: math.Round(st.RSSMB),
		P50: times3(st.Hop1, st.Hop2, st.Paths, false), P99: times3(st.Hop1, st.Hop2, st.Paths, true)}
	peer := func(p PeerResult) JSONPeer {
		return JSONPeer{LoadQPS: math.Round(p.LoadQPS), P50: times3(p.Hop1, p.Hop2, p.Paths, false), P99: times3(p.Hop1, p.Hop2, p.Paths, true)}
	}
	j.CayleyBolt, j.Adjacency = peer(r.Cayley), peer(r.Adjacency)
	g := r.GraphQL
	j.GraphQL.P50 = JSONGraphQLTimes{Hop2: micros(g.Hop2.P50), Paths: micros(g.Paths.P50), Search: micros(g.Search.P50)}
	j.GraphQL.P99 = JSONGraphQLTimes{Hop2: micros(g.Hop2.P99), Paths: micros(g.Paths.P99), Search: micros(g.Search.P99)}
	j.Details = JSONDetails{
		Profile: r.Profile, NQuads: r.NQuads, Seed: r.Seed, Documents: r.Documents, Relations: r.Relations, LinkedEntities: r.Linked, MaxDegree: r.MaxDegree,
		Hop2MeanNodes: round(r.Hop2Mean, 1), PathsWithin4: r.PathsHit, BoltMB: round(r.BoltMB, 1),
		Queries: map[string]int{
			"store": st.Hop2.N, "adjacency": r.Adjacency.Hop2.N, "graphql": g.Hop2.N,
			"cayley_hop1": r.Cayley.Hop1.N, "cayley_hop2": r.Cayley.Hop2.N, "cayley_paths": r.Cayley.Paths.N,
			"cayley_cut": r.Cayley.Cut,
		},
		StoreSearch: pair(st.Search), StoreNeighborhood: pair(st.Hop2API), StoreNeighborMax: pair(st.Hop2Max),
		OpenRSSMB: math.Round(st.OpenRSSMB), OpenAnonMB: math.Round(st.OpenAnonMB), OpenFileMB: math.Round(st.OpenFileMB), LoadPeakRSSMB: math.Round(st.LoadPeakMB), HeapMB: round(st.HeapMB, 1),
		RSSPeakIsServing: st.RSSReset, OpenCPUS: round(st.OpenCPU.Seconds(), 3), ClockNS: r.Clock.Nanoseconds(), LoadCPUS: round(st.LoadCPU.Seconds(), 1),
	}
	j.Details.FirstOpenS, j.Details.RebuildS = round(st.FirstOpen.Seconds(), 3), round(st.Rebuild.Seconds(), 3)
	for _, d := range st.OpenRuns {
		j.Details.OpenRunsS = append(j.Details.OpenRunsS, round(d.Seconds(), 3))
	}
	j.Details.OpenRunsFresh, j.Details.OpenInProcessS = st.OpenFresh, round(st.OpenInProcess.Seconds(), 3)
	j.Details.RebuildCPUS, j.Details.LoadCommits = round(st.RebuildCPU.Seconds(), 3), st.LoadCommits
	j.Details.TxLoadQPS = math.Round(st.TxLoadQPS)
	for _, q := range st.LoadTenths {
		j.Details.LoadTenthsQPS = append(j.Details.LoadTenthsQPS, math.Round(q))
	}
	if r.Quads > 0 {
		j.Details.HeapBytesPerQuad = math.Round(st.HeapMB * (1 << 20) / float64(r.Quads))
	}
	return j
}

func kqps(q float64) string {
	switch {
	case q <= 0:
		return "—"
	case q >= 1e6:
		return fmt.Sprintf("%.2fM", q/1e6)
	case q >= 1e3:
		return fmt.Sprintf("%.0fk", q/1e3)
	}
	return fmt.Sprintf("%.0f", q)
}

func cell(s Stat) string {
	if s.N == 0 {
		return "—"
	}
	return human(s.P50) + " / " + human(s.P99)
}

func ratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "—"
	}
	x := float64(a) / float64(b)
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.1f×", x)
}

// WriteTable prints the report for people: the peers × metrics table, the
// ratios, and what was checked.
func (r *Report) WriteTable(w io.Writer) {
	st := r.Store
	switch r.Profile {
	case "nquads":
		fmt.Fprintf(w, "newsgraph bench on %s (seed %d): %d entities, %d quads, %d relations (%d entities have one, max degree %d); bolt file %.0f MB\n",
			r.NQuads, r.Seed, r.Entities, r.Quads, r.Relations, r.Linked, r.MaxDegree, r.BoltMB)
	case ProfileDense:
		fmt.Fprintf(w, "newsgraph bench, scale %s, profile dense (seed %d): %d entities, %d quads in %d structured sources of bare relations, %d relations (%d entities have one, max degree %d); bolt file %.0f MB\n",
			r.Scale.Name, r.Seed, r.Entities, r.Quads, r.Documents, r.Relations, r.Linked, r.MaxDegree, r.BoltMB)
	default:
		fmt.Fprintf(w, "newsgraph bench, scale %s (seed %d): %d entities, %d quads in %d documents, %d relations (%d entities have one, max degree %d); bolt file %.0f MB\n",
			r.Scale.Name, r.Seed, r.Entities, r.Quads, r.Documents, r.Relations, r.Linked, r.MaxDegree, r.BoltMB)
	}
	fmt.Fprintf(w, "queries (entities drawn in proportion to their degree: ends of random relations): hop1 = out-neighbors of an entity, hop2 = all entities within 2 hops both ways (mean %.0f nodes), paths = shortest paths ≤ 4 hops (first 3; %d/%d pairs connected), search = entities by name (first 10)\n\n",
		r.Hop2Mean, r.PathsHit, st.Paths.N)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "peer\tload quads/s\thop1 p50 / p99\thop2 p50 / p99\tpaths p50 / p99\tsearch p50 / p99\tqueries")
	fmt.Fprintf(tw, "newsgraph store (bolt)\t%s\t%s\t%s\t%s\t%s\t%d\n", kqps(st.LoadQPS), cell(st.Hop1), cell(st.Hop2), cell(st.Paths), cell(st.Search), st.Hop2.N)
	cut := ""
	if r.Cayley.Cut > 0 {
		cut = fmt.Sprintf(" (%d cut by the time budget)", r.Cayley.Cut)
	}
	fmt.Fprintf(tw, "raw cayley (same bolt file)\t%s\t%s\t%s\t%s\t%s\t%d/%d/%d%s\n", kqps(r.Cayley.LoadQPS), cell(r.Cayley.Hop1), cell(r.Cayley.Hop2), cell(r.Cayley.Paths), "—",
		r.Cayley.Hop1.N, r.Cayley.Hop2.N, r.Cayley.Paths.N, cut)
	fmt.Fprintf(tw, "adjacency lists (int IDs)\t%s\t%s\t%s\t%s\t%s\t%d\n", kqps(r.Adjacency.LoadQPS), cell(r.Adjacency.Hop1), cell(r.Adjacency.Hop2), cell(r.Adjacency.Paths), "—", r.Adjacency.Hop2.N)
	fmt.Fprintf(tw, "GraphQL over HTTP\t—\t—\t%s\t%s\t%s\t%d\n", cell(r.GraphQL.Hop2)+" (limit 200)", cell(r.GraphQL.Paths), cell(r.GraphQL.Search), r.GraphQL.Hop2.N)
	fmt.Fprintf(tw, "Store.Neighborhood\t—\t—\t%s\t—\t—\t%d\n", cell(st.Hop2API)+" (limit 200)", st.Hop2API.N)
	fmt.Fprintf(tw, "Store.Neighborhood\t—\t—\t%s\t—\t—\t%d\n", cell(st.Hop2Max)+fmt.Sprintf(" (limit 2000, fanout 1000; %d capped)", st.Hop2MaxTruncated), st.Hop2Max.N)
	tw.Flush()

	serving := "peak RSS while serving"
	if !st.RSSReset {
		serving = "peak RSS of the whole run"
	}
	runs := make([]string, len(st.OpenRuns))
	for i, d := range st.OpenRuns {
		runs[i] = fmt.Sprintf("%.2f", d.Seconds())
	}
	where := fmt.Sprintf("median of %s s in this process; %.2fs CPU", strings.Join(runs, ", "), st.OpenCPU.Seconds())
	if st.OpenFresh {
		where = fmt.Sprintf("median of %s s, each in a new process as a restarted server; in the bench's process after its load %.2fs, %.2fs CPU",
			strings.Join(runs, ", "), st.OpenInProcess.Seconds(), st.OpenCPU.Seconds())
	}
	fmt.Fprintf(w, "\nstore: open %.2fs (%s) (a restart: reopen the bolt file and map the index snapshot, or build the index without one); without the snapshot (graph.Config.NoSnapshot: index built from cayley) %.2fs, %.2fs CPU; the first open after the load %.2fs\n",
		st.Open.Seconds(), where, st.Rebuild.Seconds(), st.RebuildCPU.Seconds(), st.FirstOpen.Seconds())
	fmt.Fprintf(w, "memory: %s %.0f MB (RSS after open %.0f MB: %.0f MB anonymous, %.0f MB bolt file pages; heap %.0f MB = %.0f B/quad), peak RSS while loading all three peers %.0f MB\n",
		serving, st.RSSMB, st.OpenRSSMB, st.OpenAnonMB, st.OpenFileMB, st.HeapMB, st.HeapMB*(1<<20)/float64(max(r.Quads, 1)), st.LoadPeakMB)
	syncNote := "no fsync per commit"
	if r.Sync {
		syncNote = "fsync every commit"
	}
	how := fmt.Sprintf("WriteDocuments, whole documents in transactions of about %dk quads, up to %dk as the store grows (BulkBatch)", graph.BatchSize/1000, graph.MaxBatchSize/1000)
	gathered := "documents"
	if r.Profile != ProfileNews {
		how = fmt.Sprintf("AddQuads as `newsgraph import` of N-Quads into a store, %dk quads a commit", graph.NQuadsChunk/1000)
		gathered = "quads"
		if r.Profile == "nquads" {
			how += ", parsing included"
			gathered += ", parsing included"
		}
	}
	fmt.Fprintf(w, "load (%s): store %s quads/s over the whole load (a new store in one pass, graph.Loader: %s gathered, file and index written at once), raw cayley %s quads/s (ApplyDeltas, %dk quads a call), adjacency %s quads/s; the load phase (generating and loading all three) took %.0fs, %.0fs CPU\n",
		syncNote, kqps(st.LoadQPS), gathered, kqps(r.Cayley.LoadQPS), graph.BatchSize/1000, kqps(r.Adjacency.LoadQPS), st.LoadWall.Seconds(), st.LoadCPU.Seconds())
	tenths := make([]string, len(st.LoadTenths))
	for i, q := range st.LoadTenths {
		tenths[i] = kqps(q)
	}
	fmt.Fprintf(w, "store written in transactions instead (%s): %s quads/s; per tenth of the quads (%d commits, one spanning tenths shared by its quads): %s\n\n",
		how, kqps(st.TxLoadQPS), st.LoadCommits, strings.Join(tenths, " "))

	fmt.Fprintln(w, "ratios at p50 (p99):")
	rat := func(a, b Stat) string { return ratio(a.P50, b.P50) + " (" + ratio(a.P99, b.P99) + ")" }
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\thop1\thop2\tpaths")
	fmt.Fprintf(tw, "store / adjacency (target ≤ 3×)\t%s\t%s\t%s\n", rat(st.Hop1, r.Adjacency.Hop1), rat(st.Hop2, r.Adjacency.Hop2), rat(st.Paths, r.Adjacency.Paths))
	fmt.Fprintf(tw, "raw cayley / store (target ≥ 50×)\t%s\t%s\t%s\n", rat(r.Cayley.Hop1, st.Hop1), rat(r.Cayley.Hop2, st.Hop2), rat(r.Cayley.Paths, st.Paths))
	fmt.Fprintf(tw, "GraphQL / store\t—\t%s\t%s\n", rat(r.GraphQL.Hop2, st.Hop2API)+" vs Neighborhood(limit 200)", rat(r.GraphQL.Paths, st.Paths))
	tw.Flush()
	fmt.Fprintf(w, "(all three peers run the same path algorithm: bidirectional BFS for the distance, the distances to the target, then up to 3 paths;\n raw cayley answers every expansion with a path query; the cost of reading the clock, %dns, is subtracted from every sample)\n", r.Clock.Nanoseconds())

	fmt.Fprintln(w, "\nchecks:")
	for _, c := range r.Checks {
		fmt.Fprintln(w, "  ok  "+c)
	}
	for _, m := range r.Mismatches {
		fmt.Fprintln(w, "  BAD "+m)
	}
	if len(r.Mismatches) == 0 {
		fmt.Fprintln(w, "  all peers agree")
	} else {
		fmt.Fprintf(w, "  %d MISMATCHES\n", len(r.Mismatches))
	}
}
