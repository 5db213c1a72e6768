package server

import (
	"context"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/server/web"
)

// Metrics are the Prometheus metrics of one server.
type Metrics struct {
	reg       *prometheus.Registry
	http      *httpMetrics
	ops       *prometheus.CounterVec
	opLatency *prometheus.HistogramVec
	fast      prometheus.Counter
	feeds     *feedMetrics
	// known are the operation names that get a label of their own.
	known map[string]bool
	// Ingested counts documents by outcome (created, skipped, failed).
	Ingested *prometheus.CounterVec
}

// NewMetrics registers the server's metrics and gauges of the store's size.
func NewMetrics(store *graph.Store) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), known: map[string]bool{}}
	for _, name := range web.Operations() {
		m.known[name] = true
	}
	m.http = newHTTPMetrics()
	m.reg.MustRegister(m.http.collectors()...)
	m.feeds = newFeedMetrics()
	m.reg.MustRegister(m.feeds.collectors()...)
	m.ops = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsgraph_graphql_operations_total", Help: "GraphQL operations by operation name (the embedded pages' operations; anonymous; other for every other name) and outcome."}, []string{"operation", "outcome"})
	m.opLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "newsgraph_graphql_operation_seconds", Help: "GraphQL operation latency by operation name (as in newsgraph_graphql_operations_total).", Buckets: prometheus.ExponentialBuckets(0.0001, 2.5, 14)}, []string{"operation"})
	m.fast = prometheus.NewCounter(prometheus.CounterOpts{Name: "newsgraph_graphql_fast_operations_total", Help: "GraphQL queries answered by the fast path (resolvers.FastPath) instead of gqlgen's executor."})
	m.Ingested = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsgraph_ingested_documents_total", Help: "Documents ingested by outcome."}, []string{"outcome"})
	m.reg.MustRegister(m.ops, m.opLatency, m.fast, m.Ingested,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if store != nil {
		gauge := func(name, help string, f func(graph.Stats) float64) {
			m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
				st, err := store.Stats(context.Background())
				if err != nil {
					return -1
				}
				return f(st)
			}))
		}
		gauge("newsgraph_store_quads", "Quads in the store.", func(s graph.Stats) float64 { return float64(s.Quads) })
		gauge("newsgraph_store_entities", "Entities in the store.", func(s graph.Stats) float64 { return float64(s.Entities) })
		gauge("newsgraph_store_relations", "Relations in the store.", func(s graph.Stats) float64 { return float64(s.Relations) })
		gauge("newsgraph_store_documents", "Documents in the store.", func(s graph.Stats) float64 { return float64(s.Documents) })
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument records the HTTP request metrics of every request next serves.
func (m *Metrics) instrument(next http.Handler) http.Handler { return m.http.instrument(next) }

// operation wraps a GraphQL operation's response handler to record its
// latency and outcome by operation name.
func (m *Metrics) operation(op *graphql.OperationContext, rh graphql.ResponseHandler) graphql.ResponseHandler {
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		m.record(op, resp != nil && len(resp.Errors) > 0)
		return resp
	}
}

// record counts one finished operation and observes its latency.
func (m *Metrics) record(op *graphql.OperationContext, failed bool) {
	name := m.operationLabel(op)
	start := op.Stats.OperationStart
	if start.IsZero() {
		start = time.Now()
	}
	outcome := "ok"
	if failed {
		outcome = "error"
	}
	m.ops.WithLabelValues(name, outcome).Inc()
	m.opLatency.WithLabelValues(name).Observe(time.Since(start).Seconds())
}

// operationLabel names an operation in the metrics. Clients choose operation
// names, so only a bounded set becomes labels: the names of the operations
// the embedded pages send (web.Operations), "anonymous" for an operation
// without a name, and "other" for every other name.
func (m *Metrics) operationLabel(op *graphql.OperationContext) string {
	name := op.OperationName
	if name == "" && op.Operation != nil {
		// the explorer sends no operationName with its one-operation documents
		name = op.Operation.Name
	}
	switch {
	case name == "":
		return "anonymous"
	case m.known[name]:
		return name
	default:
		return "other"
	}
}
