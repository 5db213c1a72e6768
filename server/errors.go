package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/newsgraph/newsgraph/graph"
)

// GraphQL error codes (extensions.code), as CONTRACT.md names them, and the
// codes of the refusals before a query is parsed or validated (Limits).
// gqlgen adds GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED.
const (
	CodeNotFound        = "NOT_FOUND"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeConflict        = "CONFLICT" // the request conflicts with the store's state (an undo that no longer applies)
	CodeComplexity      = "COMPLEXITY_LIMIT"
	CodeTimeout         = "TIMEOUT"
	CodeInternal        = "INTERNAL"

	// the request as HTTP
	CodeRequestTooLarge      = "REQUEST_TOO_LARGE"      // 413: the body is over Config.MaxBodyBytes
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE" // 415: a POST that is not application/json
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"     // 405: not GET or POST, or a mutation in a GET
	CodeUnsupportedTransport = "UNSUPPORTED_TRANSPORT"  // 400: websocket upgrades and the like

	// the query and its variables, before parsing and validation
	CodeQueryTooLarge  = "QUERY_TOO_LARGE"
	CodeTokenLimit     = "TOKEN_LIMIT"
	CodeFragmentLimit  = "FRAGMENT_LIMIT"
	CodeSelectionLimit = "SELECTION_LIMIT"
	CodeMergeLimit     = "MERGE_LIMIT"
	CodeDirectiveLimit = "DIRECTIVE_LIMIT"
	CodeAliasLimit     = "ALIAS_LIMIT"
	CodeVariableLimit  = "VARIABLE_LIMIT"
	CodeInputLimit     = "INPUT_LIMIT"
	CodeNestingLimit   = "NESTING_LIMIT"
)

// codeOf maps a store error code to a GraphQL error code.
func codeOf(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.Is(err, context.Canceled):
		return CodeTimeout
	}
	switch graph.ErrorCode(err) {
	case graph.ENOTFOUND:
		return CodeNotFound
	case graph.EINVALID:
		return CodeBadUserInput
	case graph.EREADONLY:
		return CodeForbidden
	case graph.ECONFLICT:
		return CodeConflict
	}
	return CodeInternal
}

// errorPresenter gives every error an extensions.code. Errors from the store
// keep their user-facing message; anything else is logged and shown as
// "internal error", so no stack trace, file path or backend detail leaks.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			// parse, validation and limit errors made by gqlgen or by us
			if gqlErr.Extensions == nil || gqlErr.Extensions["code"] == nil {
				gqlErr.Extensions = map[string]any{"code": CodeBadUserInput}
			}
			return gqlErr
		}
		pres := graphql.DefaultErrorPresenter(ctx, err)
		var cause error = err
		if gqlErr != nil && gqlErr.Err != nil {
			cause = gqlErr.Err
		}
		code := codeOf(cause)
		switch code {
		case CodeInternal:
			log.ErrorContext(ctx, "graphql: internal error", "err", cause, "path", pres.Path.String(), "request_id", RequestID(ctx))
			pres.Message = "internal error"
		case CodeTimeout:
			pres.Message = "the request took too long and was stopped"
		default:
			pres.Message = graph.ErrorMessage(cause)
		}
		pres.Extensions = map[string]any{"code": code}
		return pres
	}
}

// recoverFunc turns a resolver panic into an internal error; the stack goes
// to the log only.
func recoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "request_id", RequestID(ctx))
		return &graph.Error{Code: graph.EINTERNAL, Message: "internal error", Err: fmt.Errorf("panic: %v", p)}
	}
}

// gqlError is an error with a message for the client and a code.
func gqlError(ctx context.Context, code, format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": code}
	return e
}

// refuse answers a request refused before it reached the executor (wrong
// method, media type or transport, a body too large) with status and the
// same JSON as every GraphQL error: {"errors":[{"message", "extensions":
// {"code"}}]}.
func refuse(w http.ResponseWriter, status int, code, format string, args ...any) {
	resp := graphql.Response{Errors: gqlerror.List{gqlError(context.Background(), code, format, args...)}}
	b, err := json.Marshal(&resp)
	if err != nil {
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
}
