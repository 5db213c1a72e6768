// Package taxii serves the graph over TAXII 2.1 (OASIS), so that
// threat-intelligence platforms (OpenCTI, MISP, the OASIS taxii2-client)
// subscribe to it: a discovery resource at /taxii2/, one API root,
// /taxii2/newsgraph/, and read-only collections of the STIX 2.1 objects the
// STIX export writes (package stix): the whole graph, the
// analyst-confirmed relationships, and one per saved investigation.
//
// An object's date_added is when its newest source reached the store
// (graph.Store.Arrivals), and its modified that same time, so a client
// polling with added_after gets what is new and what changed. Objects are
// ordered by date_added, then newsgraph's ID, and each page is built from
// the store when asked for: a request holds at most one page of objects.
package taxii

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// Media types of TAXII 2.1 and of the STIX objects it carries.
const (
	MediaType     = "application/taxii+json;version=2.1"
	STIXMediaType = "application/stix+json;version=2.1"
)

// Root is the path of the discovery resource, and APIRoot that of the one
// API root.
const (
	Root    = "/taxii2/"
	APIRoot = Root + "newsgraph/"
)

// Page sizes of the objects and manifest endpoints.
const (
	DefaultLimit = 1000
	MaxLimit     = 10000
)

// DefaultThreshold is the confidence from which a relation counts as
// confirmed without an analyst.
const DefaultThreshold = 0.9

// Config wires the handler.
type Config struct {
	Store *graph.Store
	// Token, when set, is required on every request, as the password of
	// HTTP Basic authentication (any user name) or as a bearer token.
	// Without one the collections are open, like /graphql's queries.
	Token string
	// Write lets clients add objects to the whole-graph collection; they
	// are imported as `newsgraph import` imports a bundle.
	Write bool
	// Threshold is the confidence (0–1) from which a relation belongs to
	// the analyst-confirmed collection; zero means DefaultThreshold.
	Threshold float64
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Handler is the TAXII 2.1 server.
type Handler struct {
	cfg Config
	mux *http.ServeMux

	// mu guards the cached arrivals, rebuilt when the store was written
	mu       sync.Mutex
	units    []unit
	unitsAt  uint64
	unitsSet bool

	statuses statuses
}

// New returns the TAXII handler; mount it at Root.
func New(cfg Config) *Handler {
	if cfg.Threshold <= 0 {
		cfg.Threshold = DefaultThreshold
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux()}
	col := APIRoot + "collections/{id}/"
	routes := map[string]http.HandlerFunc{
		"GET " + Root + "{$}":                          h.discovery,
		"GET " + APIRoot + "{$}":                       h.apiRoot,
		"GET " + APIRoot + "collections/{$}":           h.collections,
		"GET " + col + "{$}":                           h.collection,
		"GET " + col + "objects/{$}":                   h.objects,
		"POST " + col + "objects/{$}":                  h.addObjects,
		"GET " + col + "objects/{object}/{$}":          h.object,
		"GET " + col + "objects/{object}/versions/{$}": h.versions,
		"GET " + col + "manifest/{$}":                  h.manifest,
		"GET " + APIRoot + "status/{status}/{$}":       h.status,
		Root:                                           h.notFound,
	}
	for pattern, fn := range routes {
		h.mux.HandleFunc(pattern, fn)
	}
	return h
}

// ServeHTTP checks authentication and the media type the client accepts,
// then answers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if status, msg := h.authenticate(r); status != 0 {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="newsgraph TAXII", Bearer`)
		}
		writeError(w, status, "authentication", msg)
		return
	}
	if !acceptsTAXII(r.Header.Get("Accept")) {
		writeError(w, http.StatusNotAcceptable, "unsupported media type",
			"the Accept header must name "+MediaType)
		return
	}
	// a known path with another method falls to the catch-all pattern;
	// TAXII wants a 405 in its error format
	if _, pattern := h.mux.Handler(r); pattern == Root && r.Method != http.MethodGet {
		get := r.Clone(r.Context())
		get.Method = http.MethodGet
		if _, p := h.mux.Handler(get); p != Root {
			writeError(w, http.StatusMethodNotAllowed, "method not allowed", r.Method+" is not allowed on "+r.URL.Path)
			return
		}
	}
	h.mux.ServeHTTP(w, r)
}

// authenticate returns 0 when the request may go on, else the status
// (401 without credentials, 403 with wrong ones) and why.
func (h *Handler) authenticate(r *http.Request) (int, string) {
	if h.cfg.Token == "" {
		return 0, ""
	}
	header := strings.TrimSpace(r.Header.Get("Authorization"))
	if header == "" {
		return http.StatusUnauthorized, "this server needs HTTP Basic (the token as password) or Bearer authentication"
	}
	var got string
	if _, pass, ok := r.BasicAuth(); ok {
		got = pass
	} else if scheme, tok, ok := strings.Cut(header, " "); ok && strings.EqualFold(scheme, "Bearer") {
		got = strings.TrimSpace(tok)
	} else {
		return http.StatusUnauthorized, "unknown authentication scheme: use Basic or Bearer"
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.Token)) != 1 {
		return http.StatusForbidden, "the credentials given are not valid for this server"
	}
	return 0, ""
}

// acceptsTAXII reports whether an Accept header admits TAXII 2.1: its
// media type without a version (the latest), with version 2.1, or a
// wildcard that covers it.
func acceptsTAXII(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/taxii+json":
			if v, ok := params["version"]; !ok || v == "2.1" {
				return true
			}
		}
	}
	return false
}

// isTAXII reports whether a Content-Type is TAXII 2.1's.
func isTAXII(contentType string) bool {
	mt, params, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/taxii+json" && (params["version"] == "" || params["version"] == "2.1")
}

// taxiiError is TAXII 2.1's error message (section 3.6.1).
type taxiiError struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	ErrorID     string `json:"error_id,omitempty"`
	ErrorCode   string `json:"error_code,omitempty"`
	HTTPStatus  string `json:"http_status"`
}

func writeError(w http.ResponseWriter, status int, title, description string) {
	writeJSON(w, status, taxiiError{Title: title, Description: description, HTTPStatus: fmt.Sprint(status)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"title":"internal error","http_status":"500"}`)
	}
	w.Header().Set("Content-Type", MediaType)
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

// internal logs err and answers 500 without its details.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		writeError(w, http.StatusServiceUnavailable, "timeout", "the request took too long")
		return
	}
	h.cfg.Logger.ErrorContext(r.Context(), "taxii", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal error", "the server could not answer; the error is logged")
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "not found", "no TAXII resource at "+r.URL.Path)
}

// base returns the scheme and host the client reached.
func base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (h *Handler) discovery(w http.ResponseWriter, r *http.Request) {
	root := base(r) + APIRoot
	writeJSON(w, http.StatusOK, map[string]any{
		"title":       "newsgraph",
		"description": "The newsgraph knowledge graph of who did what to whom, according to whom, as STIX 2.1.",
		"default":     root,
		"api_roots":   []string{root},
	})
}

func (h *Handler) apiRoot(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"title":              "newsgraph",
		"description":        "Entities, relationships with their evidence, reports and notes of the newsgraph store.",
		"versions":           []string{MediaType},
		"max_content_length": 8 << 20,
	})
}
