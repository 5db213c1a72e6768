package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// hop2Answer is an answer of the size of the 2-hop neighborhood of APT40 in
// ATT&CK (200 nodes, 400 edges, about 115 KB).
func hop2Answer() json.RawMessage {
	var b strings.Builder
	b.WriteString(`{"neighborhood":{"truncated":false,"nodes":[`)
	for i := range 200 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"attack-pattern:t1059-command-and-scripting-interpreter","name":"Command and Scripting Interpreter","type":"ATTACK_PATTERN"}`)
	}
	b.WriteString(`],"edges":[`)
	for i := range 400 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"rel:0123456789abcdef0123","predicate":"USES","subject":{"id":"threat-group:apt40"},"object":{"id":"tool:t1059"}}`)
	}
	b.WriteString(`]}}`)
	return json.RawMessage(b.String())
}

// TestWriteResponse: writing a response without re-encoding its data gives
// the bytes json.Marshal gives (gqlgen's transports write with it).
func TestWriteResponse(t *testing.T) {
	for _, resp := range []*graphql.Response{
		{Data: hop2Answer()},
		{Data: json.RawMessage(`{"stats":{"quads":3}}`)},
		{Data: json.RawMessage(`null`), Errors: nil},
	} {
		rec := httptest.NewRecorder()
		writeResponse(rec, resp)
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rec.Body.Bytes(), want) {
			t.Errorf("writeResponse wrote %.200s, json.Marshal %.200s", rec.Body.Bytes(), want)
		}
	}
}

// BenchmarkWriteResponse compares writing a 2-hop answer as the POST
// transport does (raw) with gqlgen's own transports, which json.Marshal the
// response and so scan and compact the whole data again (marshal).
func BenchmarkWriteResponse(b *testing.B) {
	resp := &graphql.Response{Data: hop2Answer()}
	b.Run("raw", func(b *testing.B) {
		b.SetBytes(int64(len(resp.Data)))
		for b.Loop() {
			writeResponse(discard{}, resp)
		}
	})
	b.Run("marshal", func(b *testing.B) {
		b.SetBytes(int64(len(resp.Data)))
		for b.Loop() {
			out, err := json.Marshal(resp)
			if err != nil {
				b.Fatal(err)
			}
			discard{}.Write(out)
		}
	})
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
