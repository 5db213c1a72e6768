package taxii_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/server"
)

const envelope = `{"objects":[
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7a2e2c2a-4bd5-4b4e-9c4e-3f1d2a0b9c11","created":"2024-02-07T00:00:00.000Z","modified":"2024-02-07T00:00:00.000Z","name":"Volt Typhoon","aliases":["Vanguard Panda"]},
{"type":"identity","spec_version":"2.1","id":"identity--0c6f1b1e-6f0b-4d59-a2a6-6b8f4c6de2a1","created":"2024-02-07T00:00:00.000Z","modified":"2024-02-07T00:00:00.000Z","name":"Guam Power Authority","identity_class":"organization"},
{"type":"relationship","spec_version":"2.1","id":"relationship--2b7d0f6a-1c9e-4a8e-8f0e-5d2b6c7a9e10","created":"2024-02-07T00:00:00.000Z","modified":"2024-02-07T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--7a2e2c2a-4bd5-4b4e-9c4e-3f1d2a0b9c11","target_ref":"identity--0c6f1b1e-6f0b-4d59-a2a6-6b8f4c6de2a1"}
]}`

// TestWrite: with writes allowed, a client adds objects to the whole
// graph (202 and a complete status resource it can read again), and they
// come back in the next poll; the other collections stay read-only.
func TestWrite(t *testing.T) {
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(server.New(server.Config{Store: s, Token: token, TAXIIWrite: true}))
	defer ts.Close()
	c := &client{t: t, base: ts.URL, user: "analyst", pass: token}
	root := c.discover()
	urls := map[string]string{}
	for _, col := range c.collections(root) {
		urls[col.Title] = root + "collections/" + col.ID + "/"
		if col.CanWrite != (col.Title == "newsgraph") {
			t.Errorf("collection %s can_write %v", col.Title, col.CanWrite)
		}
	}
	_, since := c.all(urls["newsgraph"], 100, time.Time{})
	tests := []struct {
		name, col, body string
		status          int
	}{
		{"read-only collection", "analyst-confirmed", envelope, 403},
		{"not JSON", "newsgraph", "{objects", 400},
		{"objects", "newsgraph", envelope, 202},
	}
	var st map[string]any
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do("POST", urls[tc.col]+"objects/", []byte(tc.body), nil)
			if r.status != tc.status {
				t.Fatalf("POST = %d %s, want %d", r.status, r.raw, tc.status)
			}
			if tc.status == 202 {
				st = r.body
			}
		})
	}
	if st == nil || st["status"] != "complete" || st["total_count"] != 3.0 || st["success_count"] != 3.0 || st["pending_count"] != 0.0 {
		t.Fatalf("status = %v", st)
	}
	again := c.get(root+"status/"+st["id"].(string)+"/", nil)
	if again.body["id"] != st["id"] || again.body["status"] != "complete" {
		t.Errorf("status resource = %s", again.raw)
	}
	if r := c.do("GET", root+"status/00000000-0000-4000-8000-000000000000/", nil, nil); r.status != 404 {
		t.Errorf("unknown status: %d", r.status)
	}
	objs, _ := c.all(urls["newsgraph"], 100, since)
	got := map[string]bool{}
	for _, o := range objs {
		got[o.Type] = true
		if o.Type == "intrusion-set" && !strings.Contains(string(o.raw), "Volt Typhoon") {
			t.Errorf("intrusion set %s", o.raw)
		}
	}
	if !got["intrusion-set"] || !got["identity"] || !got["relationship"] {
		t.Errorf("after the POST, the poll gives %d objects of types %v", len(objs), got)
	}
}
