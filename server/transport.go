package server

import (
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postJSON is the POST transport of application/json requests. It differs
// from gqlgen's own in one thing: a response without errors is written as
// {"data": …} around the executor's data, which is already compact JSON,
// instead of through json.Marshal, which scans and re-compacts the whole
// answer (a large neighborhood is hundreds of kilobytes).
//
// It also offers each query to the resolvers' fast path (resolvers.ExecuteFast)
// once gqlgen has parsed, validated and limited it, and writes the fast
// path's answer when it gives one.
type postJSON struct {
	fast    func(ctx context.Context, op *graphql.OperationContext) ([]byte, func(), bool)
	metrics *Metrics
}

var _ graphql.Transport = postJSON{}

func (postJSON) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" || r.Method != http.MethodPost {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == "application/json"
}

func (p postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	w.Header().Set("Content-Type", "application/json")
	start := graphql.Now()
	var params graphql.RawParams
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("the request body is not a GraphQL request in JSON: %v", err)}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	if p.fast != nil {
		if resp, release, ok := p.fast(ctx, rc); ok {
			w.Header().Set("Content-Length", strconv.Itoa(len(resp)))
			w.Write(resp)
			release()
			if p.metrics != nil {
				p.metrics.fast.Inc()
				p.metrics.record(rc, false)
			}
			return
		}
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// writeResponse writes a GraphQL response; one with only data is written
// without re-encoding it.
func writeResponse(w http.ResponseWriter, resp *graphql.Response) {
	if resp != nil && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil && len(resp.Data) > 0 {
		w.Write([]byte(`{"data":`))
		w.Write(resp.Data)
		w.Write([]byte("}"))
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		http.Error(w, `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`, http.StatusInternalServerError)
		return
	}
	w.Write(b)
}
