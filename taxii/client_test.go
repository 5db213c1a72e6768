package taxii_test

// A TAXII 2.1 client written from the OASIS specification (sections 4 and
// 5: discovery, API root, collections, objects, manifest, versions), which
// shares no code with the server: it speaks HTTP and JSON only.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	taxiiMedia = "application/taxii+json;version=2.1"
	stixMedia  = "application/stix+json;version=2.1"
)

// client is a TAXII 2.1 client with HTTP Basic credentials.
type client struct {
	t          testing.TB
	base       string // scheme://host
	user, pass string
}

// response is one answer: its status, headers and JSON body.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// do sends a request with the TAXII Accept header and Basic credentials
// (unless changed by edit) and decodes the JSON answer.
func (c *client) do(method, rawURL string, body []byte, edit func(*http.Request)) response {
	c.t.Helper()
	if strings.HasPrefix(rawURL, "/") {
		rawURL = c.base + rawURL
	}
	req, err := http.NewRequestWithContext(context.Background(), method, rawURL, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", taxiiMedia)
	if body != nil {
		req.Header.Set("Content-Type", taxiiMedia)
	}
	if c.pass != "" {
		req.SetBasicAuth(c.user, c.pass)
	}
	if edit != nil {
		edit(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			c.t.Fatalf("%s %s: %d, not JSON: %.300s", method, rawURL, resp.StatusCode, raw)
		}
	}
	return r
}

// get GETs a resource that must answer 200 with the TAXII media type.
func (c *client) get(rawURL string, q url.Values) response {
	c.t.Helper()
	if len(q) > 0 {
		rawURL += "?" + q.Encode()
	}
	r := c.do(http.MethodGet, rawURL, nil, nil)
	if r.status != http.StatusOK {
		c.t.Fatalf("GET %s = %d %s", rawURL, r.status, r.raw)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(strings.ReplaceAll(ct, " ", ""), "application/taxii+json") {
		c.t.Fatalf("GET %s: Content-Type %q", rawURL, ct)
	}
	return r
}

// discover returns the default API root's URL.
func (c *client) discover() string {
	c.t.Helper()
	d := c.get("/taxii2/", nil)
	root, _ := d.body["default"].(string)
	roots, _ := d.body["api_roots"].([]any)
	if root == "" || len(roots) == 0 || roots[0] != root || d.body["title"] == nil {
		c.t.Fatalf("discovery = %s", d.raw)
	}
	info := c.get(root, nil)
	versions, _ := info.body["versions"].([]any)
	found := false
	for _, v := range versions {
		found = found || strings.ReplaceAll(v.(string), " ", "") == taxiiMedia
	}
	if !found || info.body["title"] == nil || info.body["max_content_length"] == nil {
		c.t.Fatalf("API root %s = %s", root, info.raw)
	}
	return root
}

// collection is a collection resource.
type collection struct {
	ID, Title  string
	CanRead    bool     `json:"can_read"`
	CanWrite   bool     `json:"can_write"`
	MediaTypes []string `json:"media_types"`
}

func (c *client) collections(root string) []collection {
	c.t.Helper()
	r := c.get(root+"collections/", nil)
	var out struct{ Collections []collection }
	if err := json.Unmarshal(r.raw, &out); err != nil {
		c.t.Fatal(err)
	}
	return out.Collections
}

// stixObject is an object as received, decoded and raw.
type stixObject struct {
	ID, Type, Modified string
	raw                json.RawMessage
}

// page is one envelope with its Date-Added headers.
type page struct {
	objects     []stixObject
	more        bool
	next        string
	first, last time.Time
}

// objects GETs one page of a collection's objects.
func (c *client) objects(colURL string, q url.Values) page {
	c.t.Helper()
	r := c.get(colURL+"objects/", q)
	var env struct {
		More    bool
		Next    string
		Objects []json.RawMessage
	}
	if err := json.Unmarshal(r.raw, &env); err != nil {
		c.t.Fatal(err)
	}
	p := page{more: env.More, next: env.Next}
	for _, raw := range env.Objects {
		var o stixObject
		if err := json.Unmarshal(raw, &o); err != nil {
			c.t.Fatal(err)
		}
		o.raw = raw
		p.objects = append(p.objects, o)
	}
	if len(p.objects) > 0 {
		p.first = c.timestamp(r.header.Get("X-TAXII-Date-Added-First"))
		p.last = c.timestamp(r.header.Get("X-TAXII-Date-Added-Last"))
	}
	return p
}

// all pages through a collection's objects with limit and next, and
// returns them with the date added of the last one.
func (c *client) all(colURL string, limit int, addedAfter time.Time) ([]stixObject, time.Time) {
	c.t.Helper()
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if !addedAfter.IsZero() {
		q.Set("added_after", addedAfter.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	var out []stixObject
	last := addedAfter
	for pages := 0; ; pages++ {
		p := c.objects(colURL, q)
		if len(p.objects) > limit {
			c.t.Fatalf("a page of %d objects at limit %d", len(p.objects), limit)
		}
		if len(p.objects) > 0 {
			if p.first.Before(last) || p.last.Before(p.first) || !p.first.After(addedAfter) {
				c.t.Fatalf("page %d dates added %v…%v after %v (added after %v)", pages, p.first, p.last, last, addedAfter)
			}
			last = p.last
		}
		out = append(out, p.objects...)
		if !p.more {
			return out, last
		}
		if p.next == "" || pages > 10000 {
			c.t.Fatalf("more without next after %d pages", pages)
		}
		q.Set("next", p.next)
	}
}

func (c *client) timestamp(s string) time.Time {
	c.t.Helper()
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !strings.HasSuffix(s, "Z") {
		c.t.Fatalf("timestamp %q: %v", s, err)
	}
	return t
}
