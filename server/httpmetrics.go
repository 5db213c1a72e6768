package server

import (
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpMetrics are the request metrics of the HTTP server, recorded by
// promhttp's instrumentation handlers. Their labels are bounded: the route
// (one of httpRoutes, never the raw path), the method (promhttp maps any
// method it does not know to "unknown") and the status code.
type httpMetrics struct {
	requests *prometheus.CounterVec   // by path, method and code
	latency  *prometheus.HistogramVec // by path
	inFlight prometheus.Gauge
}

// httpRoutes are the values of the path label: the server's routes, with
// everything below /playground as "/playground" and below /taxii2/ as
// "/taxii2", and "other" for any other path (the explorer's assets, the
// admin endpoint, unknown paths).
func httpRoutes() []string {
	return []string{"/graphql", "/playground", "/taxii2", "/", "/healthz", "/metrics", "other"}
}

// routeOf returns the path label of a request path, one of httpRoutes.
func routeOf(path string) string {
	switch {
	case path == "/graphql" || path == "/healthz" || path == "/metrics" || path == "/":
		return path
	case strings.HasPrefix(path, "/playground"):
		return "/playground"
	case strings.HasPrefix(path, "/taxii2/"):
		return "/taxii2"
	}
	return "other"
}

func newHTTPMetrics() *httpMetrics {
	return &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsgraph_http_requests_total",
			Help: "HTTP requests by path (the server's routes; other for any other path), method and status code.",
		}, []string{"path", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsgraph_http_request_seconds",
			Help:    "HTTP request latency by path (as in newsgraph_http_requests_total).",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2.5, 14),
		}, []string{"path"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsgraph_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
	}
}

func (h *httpMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{h.requests, h.latency, h.inFlight}
}

// instrument wraps next with promhttp's instrumentation handlers: one chain
// per route, its path label curried in, chosen by the request's path.
func (h *httpMetrics) instrument(next http.Handler) http.Handler {
	byRoute := make(map[string]http.Handler, len(httpRoutes()))
	for _, route := range httpRoutes() {
		labels := prometheus.Labels{"path": route}
		byRoute[route] = promhttp.InstrumentHandlerDuration(h.latency.MustCurryWith(labels),
			promhttp.InstrumentHandlerCounter(h.requests.MustCurryWith(labels), next))
	}
	return promhttp.InstrumentHandlerInFlight(h.inFlight, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		byRoute[routeOf(r.URL.Path)].ServeHTTP(w, r)
	}))
}
