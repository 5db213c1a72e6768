// Command stubserver serves the embedded web apps next to a canned /graphql
// endpoint. It lets the browser tests exercise the pages and their Go
// handlers before, or without, the real `newsgraph serve`; the canned answers
// are a tiny introspection result (a Query with stats) and one fixed
// response for every other operation.
//
//	go run ./e2e/stubserver -addr 127.0.0.1:8081
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/newsgraph/newsgraph/server/web"
)

// introspection describes `type Query { stats: Stats! } type Stats { ... }`,
// enough for GraphiQL to validate and complete `{ stats { entities } }`.
const introspection = `{"data":{"__schema":{
 "queryType":{"name":"Query"},"mutationType":null,"subscriptionType":null,"directives":[],
 "types":[
  {"kind":"OBJECT","name":"Query","description":"Stub query root.","interfaces":[],"enumValues":null,"inputFields":null,"possibleTypes":null,
   "fields":[{"name":"stats","description":"Sizes of the store.","args":[],"isDeprecated":false,"deprecationReason":null,
     "type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"OBJECT","name":"Stats","ofType":null}}}]},
  {"kind":"OBJECT","name":"Stats","description":null,"interfaces":[],"enumValues":null,"inputFields":null,"possibleTypes":null,
   "fields":[` + statsFields + `]},
  {"kind":"SCALAR","name":"Int","description":null,"fields":null,"interfaces":null,"enumValues":null,"inputFields":null,"possibleTypes":null},
  {"kind":"SCALAR","name":"String","description":null,"fields":null,"interfaces":null,"enumValues":null,"inputFields":null,"possibleTypes":null},
  {"kind":"SCALAR","name":"Boolean","description":null,"fields":null,"interfaces":null,"enumValues":null,"inputFields":null,"possibleTypes":null}
 ]}}}`

const statsFields = `{"name":"entities","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,"type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"Int","ofType":null}}},
 {"name":"relations","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,"type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"Int","ofType":null}}},
 {"name":"documents","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,"type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"Int","ofType":null}}},
 {"name":"quads","description":null,"args":[],"isDeprecated":false,"deprecationReason":null,"type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"Int","ofType":null}}}`

// canned answers every operation other than introspection.
const canned = `{"data":{"__typename":"Query","stats":{"entities":3,"relations":2,"documents":1,"quads":17}}}`

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	if err := run(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "stubserver:", err)
		os.Exit(1)
	}
}

func run(addr string) error {
	mux := http.NewServeMux()
	playground := http.StripPrefix("/playground", web.Playground())
	mux.Handle("GET /playground", playground)
	mux.Handle("GET /playground/", playground)
	mux.Handle("GET /{$}", web.Explorer())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("/graphql", graphql)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	fmt.Printf("stubserver listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

func graphql(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Query string `json:"query"`
	}
	switch r.Method {
	case http.MethodGet:
		req.Query = r.URL.Query().Get("query")
	case http.MethodPost:
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
			http.Error(w, `{"errors":[{"message":"bad request body"}]}`, http.StatusBadRequest)
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	log.Printf("graphql %s %.60q", r.Method, req.Query)
	w.Header().Set("Content-Type", "application/json")
	if strings.Contains(req.Query, "__schema") {
		_, _ = io.WriteString(w, introspection)
		return
	}
	_, _ = io.WriteString(w, canned)
}
