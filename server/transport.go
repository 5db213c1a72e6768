package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/newsgraph/newsgraph/resolvers"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The transports of /graphql: postJSON, getQuery and, for everything else,
// unsupported. They are ours rather than gqlgen's so that every refusal,
// even of a request that never reaches the executor, is JSON with an
// extensions.code, and so that the query's size and the variables' values
// and nesting are checked before anything is decoded or parsed.

// postJSON is the POST transport of application/json requests. It does what
// gqlgen's transport.POST does (decode, CreateOperationContext,
// DispatchOperation, so every extension and interceptor runs) with three
// differences, each measured against gqlgen's transport behind a checking
// middleware (issue 15):
//   - a response without errors is written as {"data": …} around the
//     executor's data, which is already compact JSON, instead of through
//     json.Marshal, which scans and re-compacts the whole answer:
//     BenchmarkWriteResponse, a 2-hop answer of 74 KB, takes 0.05 µs raw and
//     0.9–2.9 ms marshalled on a loaded test machine, as much as the store's
//     traversal itself; BenchmarkAttackHop2Ratio/fast, run alternately with
//     both, measured 1.7–2.4× with this transport and 2.6–3.5× with gqlgen's;
//   - the body is read once, into a buffer of its length, and decoded once:
//     gqlgen's reads it with io.ReadAll and decodes it through a
//     json.Decoder with a buffer of its own, about five times the body before
//     any limit applies (TestAmplification's 10,000 aliases: 6.3 MiB against
//     5.3 MiB here, over the test's bound of 5.7 MiB);
//   - the variables are checked (checkInput) before they are decoded, and
//     every refusal has an extensions.code.
type postJSON struct {
	limits Limits
}

var _ graphql.Transport = postJSON{}

func (postJSON) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" || r.Method != http.MethodPost {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == "application/json"
}

// rawRequest is a GraphQL request as JSON, with its variables and extensions
// left undecoded until they have been checked.
type rawRequest struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

func (p postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	start := graphql.Now()
	b, err := readBody(r)
	if err != nil {
		if maxErr := (*http.MaxBytesError)(nil); errors.As(err, &maxErr) {
			refuse(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "the request body is larger than the limit of %d bytes", maxErr.Limit)
		} else {
			refuse(w, http.StatusBadRequest, CodeBadUserInput, "the request body could not be read")
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	// before the decoder allocates a value
	if gqlErr := checkInput(ctx, b, p.limits, true); gqlErr != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlErr}))
		return
	}
	var req rawRequest
	if err := json.Unmarshal(b, &req); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlError(ctx, CodeBadUserInput, "the request body is not a GraphQL request in JSON: %v", err)}))
		return
	}
	b = nil // the request lives on in req, decoded
	rc, ok := operation(w, r, exec, start, func() (*graphql.RawParams, *gqlerror.Error) {
		return decodeParams(ctx, req, p.limits, false)
	})
	if !ok {
		return
	}
	// the fast path's answer is written, then its buffer is reused
	ctx, recycle := resolvers.WithRecycling(ctx)
	defer recycle()
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeAnswer(ctx, w, responses(ctx))
}

// readBody reads a request's body, into one buffer of its announced length
// when it has one (io.ReadAll would allocate about twice the body).
func readBody(r *http.Request) ([]byte, error) {
	if r.ContentLength <= 0 {
		return io.ReadAll(r.Body)
	}
	buf := make([]byte, r.ContentLength)
	if _, err := io.ReadFull(r.Body, buf); err != nil {
		return nil, err
	}
	// a body longer than announced is an error of the server's reader
	if n, err := r.Body.Read(make([]byte, 1)); n > 0 || (err != nil && err != io.EOF) {
		return nil, fmt.Errorf("server: the body is longer than its Content-Length: %w", err)
	}
	return buf, nil
}

// operation decodes a request's parameters and prepares its operation,
// writing the error response when either step fails (422 for a protocol
// error); ok is false then.
func operation(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, start time.Time,
	decode func() (*graphql.RawParams, *gqlerror.Error)) (*graphql.OperationContext, bool) {
	ctx := r.Context()
	params, gqlErr := decode()
	if gqlErr != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlErr}))
		return nil, false
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return nil, false
	}
	return rc, true
}

// decodeParams checks the query's size and, if check is set, the variables'
// and extensions' values (checkInput), then decodes them.
func decodeParams(ctx context.Context, req rawRequest, l Limits, check bool) (*graphql.RawParams, *gqlerror.Error) {
	if len(req.Query) > l.MaxQueryBytes {
		return nil, queryTooLarge(ctx, len(req.Query), l.MaxQueryBytes)
	}
	params := &graphql.RawParams{Query: req.Query, OperationName: req.OperationName}
	for _, in := range []struct {
		what string
		raw  json.RawMessage
		out  *map[string]any
	}{
		{"variables", req.Variables, &params.Variables},
		{"extensions", req.Extensions, &params.Extensions},
	} {
		if len(in.raw) == 0 {
			continue
		}
		if check {
			if err := checkInput(ctx, in.raw, l, false); err != nil {
				return nil, err
			}
		}
		dec := json.NewDecoder(bytes.NewReader(in.raw))
		dec.UseNumber()
		if err := dec.Decode(in.out); err != nil {
			return nil, gqlError(ctx, CodeBadUserInput, "the %s are not a JSON object: %v", in.what, err)
		}
	}
	return params, nil
}

// getQuery is the GET transport: query, operationName, variables and
// extensions in the URL, queries only.
type getQuery struct {
	limits Limits
}

var _ graphql.Transport = getQuery{}

func (getQuery) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && r.Method == http.MethodGet
}

func (g getQuery) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	start := graphql.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		refuse(w, http.StatusBadRequest, CodeBadUserInput, "the URL's query string does not parse: %v", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	rc, ok := operation(w, r, exec, start, func() (*graphql.RawParams, *gqlerror.Error) {
		return decodeParams(ctx, rawRequest{
			Query:         q.Get("query"),
			OperationName: q.Get("operationName"),
			Variables:     json.RawMessage(q.Get("variables")),
			Extensions:    json.RawMessage(q.Get("extensions")),
		}, g.limits, true)
	})
	if !ok {
		return
	}
	if rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		refuse(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "a GET request can only run a query; send %ss as POST", rc.Operation.Operation)
		return
	}
	ctx, recycle := resolvers.WithRecycling(ctx)
	defer recycle()
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeAnswer(ctx, w, responses(ctx))
}

// dataOnly reports whether a response is nothing but its data, so that
// its body is {"data":…}.
func dataOnly(resp *graphql.Response) bool {
	return resp != nil && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil
}

// writeAnswer writes an operation's response: as it is when the fast path
// wrote its data inside the response's frame (resolvers.Framed), else
// through writeResponse.
func writeAnswer(ctx context.Context, w http.ResponseWriter, resp *graphql.Response) {
	if dataOnly(resp) {
		if body, ok := resolvers.Framed(ctx, resp.Data); ok {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body)
			return
		}
	}
	writeResponse(w, resp)
}

// unsupported is the last transport: it refuses, with a code, every request
// the others do not take.
type unsupported struct{}

var _ graphql.Transport = unsupported{}

func (unsupported) Supports(*http.Request) bool { return true }

func (unsupported) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	switch {
	case r.Header.Get("Upgrade") != "":
		refuse(w, http.StatusBadRequest, CodeUnsupportedTransport, "this server does not serve GraphQL over %s; send queries as POST or GET", r.Header.Get("Upgrade"))
	case r.Method == http.MethodPost:
		refuse(w, http.StatusUnsupportedMediaType, CodeUnsupportedMediaType, "a POST to /graphql must be application/json, not %q", r.Header.Get("Content-Type"))
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		refuse(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "/graphql takes GET and POST, not %s", r.Method)
	}
}

// bodies are the buffers of writeResponse; one larger than maxPooledBody is
// not kept.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBody = 1 << 20

// writeResponse writes a GraphQL response; one with only data is written
// without re-encoding it.
func writeResponse(w http.ResponseWriter, resp *graphql.Response) {
	if dataOnly(resp) && len(resp.Data) > 0 {
		// with its length known, the answer is sent as it is, not in
		// chunks, and in one write: written in three, the first two fill
		// and flush the connection's 4 KB buffer and the third is flushed
		// after, three system calls instead of one
		n := len(`{"data":}`) + len(resp.Data)
		w.Header().Set("Content-Length", strconv.Itoa(n))
		bp := bodies.Get().(*[]byte)
		body := append(append(append((*bp)[:0], `{"data":`...), resp.Data...), '}')
		w.Write(body)
		if cap(body) <= maxPooledBody {
			*bp = body[:0]
			bodies.Put(bp)
		}
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		http.Error(w, `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}
