package server_test

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/server"
)

// TestFastPathBuffersAreNotShared sends neighborhood queries for different
// entities from many goroutines at once. The fast path lends its answer
// buffers to the POST transport and takes them back after the write: a
// buffer reused before its answer was written would show up as an answer
// that differs from the same query's answer sent alone (and, under -race,
// as a race).
func TestFastPathBuffersAreNotShared(t *testing.T) {
	s := corpus(t)
	h := server.New(server.Config{Store: s})
	rels, err := s.AllRelations(t.Context(), nil, graph.Page{First: 40})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rels.Relations {
		if !slices.Contains(ids, r.Subject) {
			ids = append(ids, r.Subject)
		}
	}
	const q = `query($id:ID!){ neighborhood(ids:[$id], depth:2, limit:50){ truncated nodes{ id name type } edges{ id predicate subject{ id } object{ id } } } }`
	want := map[string][]byte{}
	for _, id := range ids {
		code, body := raw(t, h, q, map[string]any{"id": id})
		if code != 200 {
			t.Fatalf("%s: status %d: %s", id, code, body)
		}
		want[id] = bytes.Clone(body)
	}
	if len(want) < 2 {
		t.Fatalf("only %d entities", len(want))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 40 {
				id := ids[(g+i)%len(ids)]
				code, body := raw(t, h, q, map[string]any{"id": id})
				if code != 200 || !bytes.Equal(body, want[id]) {
					errs <- fmt.Errorf("%s: status %d, answer differs from the answer sent alone:\n%s", id, code, body)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
