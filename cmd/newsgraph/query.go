package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/server"
)

// varsFlag collects --var k=v pairs.
type varsFlag map[string]any

func (v varsFlag) String() string { return "" }

func (v varsFlag) Set(s string) error {
	k, val, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	// numbers, booleans and JSON values keep their type; anything else is a string
	var decoded any
	if err := json.Unmarshal([]byte(val), &decoded); err == nil {
		v[k] = decoded
	} else if n, err := strconv.ParseFloat(val, 64); err == nil {
		v[k] = n
	} else {
		v[k] = val
	}
	return nil
}

func runQuery(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "query", "query 'GRAPHQL' [--var k=v]...")
	var sf storeFlags
	sf.register(fs)
	vars := varsFlag{}
	fs.Var(vars, "var", "a variable, name=value (repeatable); values are read as JSON when they parse")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give exactly one GraphQL query")
	}
	store, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	body, _ := json.Marshal(map[string]any{"query": pos[0], "variables": map[string]any(vars)})
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	server.New(server.Config{Store: store, ReadOnly: true}).ServeHTTP(rec, req)
	var out bytes.Buffer
	if err := json.Indent(&out, rec.Body.Bytes(), "", "  "); err != nil {
		out.Reset()
		out.Write(rec.Body.Bytes())
	}
	out.WriteByte('\n')
	env.Stdout.Write(out.Bytes())
	var resp struct {
		Errors []json.RawMessage `json:"errors"`
	}
	json.Unmarshal(rec.Body.Bytes(), &resp)
	if rec.Code != http.StatusOK || len(resp.Errors) > 0 {
		return fmt.Errorf("the query returned errors")
	}
	return nil
}

// postMutation sends one GraphQL operation to a server and fails on errors.
func postMutation(ctx context.Context, url, token, query string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("%s", out.Errors[0].Message)
	}
	return nil
}
