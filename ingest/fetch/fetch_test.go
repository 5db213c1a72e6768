package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock advances only when slept on, and records the sleeps.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// newServer serves h, with a robots.txt answering 404 unless h serves one.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// testFetcher returns a Fetcher on a fake clock with no per-host interval
// (tests of the interval set one).
func testFetcher(cfg Config) (*Fetcher, *fakeClock) {
	clock := newFakeClock()
	cfg.Clock = clock
	if cfg.MinInterval == 0 {
		cfg.MinInterval = -1
	}
	return New(cfg), clock
}

// asError returns err as an *Error, failing the test when it is not one.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *fetch.Error", err, err)
	}
	if !strings.HasPrefix(fe.Error(), "fetch: get ") {
		t.Errorf("error message %q lacks the fetch context", fe.Error())
	}
	return fe
}

func TestConditionalGet(t *testing.T) {
	const etag, lastMod = `"v1"`, "Sat, 05 Dec 2026 10:00:00 GMT"
	tests := []struct {
		name   string
		header string // validator header the server sends
		value  string
		check  func(Validators) string // the request header it expects back
	}{
		{"etag", "ETag", etag, func(v Validators) string { return v.ETag }},
		{"last-modified", "Last-Modified", lastMod, func(v Validators) string { return v.LastModified }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var full, notModified atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				if ua := r.Header.Get("User-Agent"); !strings.Contains(ua, "newsgraph") || !strings.Contains(ua, "ops@example.org") {
					t.Errorf("user agent %q names neither newsgraph nor the contact", ua)
				}
				if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
					notModified.Add(1)
					w.WriteHeader(http.StatusNotModified)
					return
				}
				full.Add(1)
				w.Header().Set(tc.header, tc.value)
				w.Header().Set("Content-Type", "application/rss+xml; charset=iso-8859-1")
				fmt.Fprint(w, "<rss/>")
			})
			f, _ := testFetcher(Config{Contact: "mailto:ops@example.org"})
			first, err := f.Fetch(context.Background(), srv.URL+"/feed", Validators{})
			if err != nil {
				t.Fatal(err)
			}
			if first.NotModified || string(first.Body) != "<rss/>" || first.Status != 200 ||
				first.ContentType != "application/rss+xml; charset=iso-8859-1" || first.URL != srv.URL+"/feed" {
				t.Fatalf("first fetch = %+v", first)
			}
			if got := tc.check(first.Validators); got != tc.value {
				t.Fatalf("validator = %q, want %q", got, tc.value)
			}
			second, err := f.Fetch(context.Background(), srv.URL+"/feed", first.Validators)
			if err != nil {
				t.Fatal(err)
			}
			if !second.NotModified || len(second.Body) != 0 || second.Validators != first.Validators {
				t.Fatalf("second fetch = %+v, want not modified with the same validators", second)
			}
			if full.Load() != 1 || notModified.Load() != 1 {
				t.Fatalf("server sent %d full answers and %d 304s, want 1 and 1", full.Load(), notModified.Load())
			}
		})
	}
}

// scripted answers the page requests with statuses in order, the last one
// repeating; Retry-After values go with them.
type scripted struct {
	statuses   []int
	retryAfter []string
	calls      atomic.Int32
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		http.NotFound(w, r)
		return
	}
	i := int(s.calls.Add(1)) - 1
	i = min(i, len(s.statuses)-1)
	if i < len(s.retryAfter) && s.retryAfter[i] != "" {
		w.Header().Set("Retry-After", s.retryAfter[i])
	}
	w.WriteHeader(s.statuses[i])
	fmt.Fprint(w, "page")
}

func TestRetries(t *testing.T) {
	// The fake clock starts at newFakeClock's time; an HTTP date 30s later.
	date := newFakeClock().now.Add(30 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name       string
		statuses   []int
		retryAfter []string
		wantErr    bool
		wantCalls  int32
		wantSleeps []time.Duration
		wantAfter  time.Duration // Error.RetryAfter
	}{
		{"429 retry-after seconds then 200", []int{429, 200}, []string{"7"}, false, 2, []time.Duration{7 * time.Second}, 0},
		{"503 retry-after date then 200", []int{503, 200}, []string{date}, false, 2, []time.Duration{30 * time.Second}, 0},
		{"500 then 200", []int{500, 200}, nil, false, 2, []time.Duration{2 * time.Second}, 0},
		{"500 forever", []int{500}, nil, true, 3, []time.Duration{2 * time.Second, 4 * time.Second}, 0},
		{"retry-after beyond the cap", []int{429}, []string{"3600"}, true, 1, nil, time.Hour},
		{"404 not retried", []int{404}, nil, true, 1, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &scripted{statuses: tc.statuses, retryAfter: tc.retryAfter}
			srv := newServer(t, s.ServeHTTP)
			f, clock := testFetcher(Config{})
			resp, err := f.Fetch(context.Background(), srv.URL+"/page", Validators{})
			if got := s.calls.Load(); got != tc.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tc.wantCalls)
			}
			if got := clock.slept(); fmt.Sprint(got) != fmt.Sprint(tc.wantSleeps) {
				t.Errorf("slept %v, want %v", got, tc.wantSleeps)
			}
			if !tc.wantErr {
				if err != nil || string(resp.Body) != "page" {
					t.Fatalf("Fetch = %+v, %v", resp, err)
				}
				return
			}
			fe := asError(t, err)
			last := tc.statuses[len(tc.statuses)-1]
			if fe.Status != last || fe.Temporary() != (last != 404) || fe.RetryAfter != tc.wantAfter ||
				!errors.Is(err, ErrStatus) {
				t.Fatalf("error %v: status %d temporary %v retry after %s", err, fe.Status, fe.Temporary(), fe.RetryAfter)
			}
		})
	}
}

func TestSlowPageTimesOut(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	f, _ := testFetcher(Config{Timeout: 50 * time.Millisecond})
	start := time.Now()
	_, err := f.Fetch(context.Background(), srv.URL+"/slow", Validators{})
	fe := asError(t, err)
	if !fe.Temporary() || !strings.Contains(err.Error(), "timed out after 50ms") {
		t.Fatalf("error %v (temporary %v), want a temporary timeout", err, fe.Temporary())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("timeout took %s", d)
	}
}

func TestRedirects(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/robots.txt":
			http.NotFound(w, r)
		case p == "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case p == "/b":
			http.Redirect(w, r, "/a", http.StatusMovedPermanently)
		case p == "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case p == "/new":
			fmt.Fprint(w, "moved here")
		case strings.HasPrefix(p, "/chain/"):
			var n int
			fmt.Sscanf(p, "/chain/%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
		}
	})
	tests := []struct {
		name     string
		path     string
		wantURL  string // on success
		wantText string // in the error
	}{
		{"one redirect", "/old", "/new", ""},
		{"loop", "/a", "", "redirect loop back to " + srv.URL + "/a"},
		{"too many", "/chain/0", "", "too many redirects: more than 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := testFetcher(Config{MaxRedirects: 3})
			resp, err := f.Fetch(context.Background(), srv.URL+tc.path, Validators{})
			if tc.wantText == "" {
				if err != nil || resp.URL != srv.URL+tc.wantURL || string(resp.Body) != "moved here" {
					t.Fatalf("Fetch = %+v, %v", resp, err)
				}
				return
			}
			fe := asError(t, err)
			if !errors.Is(err, ErrRedirects) || fe.Temporary() || !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("error %v (temporary %v), want a permanent one with %q", err, fe.Temporary(), tc.wantText)
			}
		})
	}
}

func TestSizeCap(t *testing.T) {
	const capBytes = 1024
	tests := []struct {
		name    string
		size    int
		chunked bool // no Content-Length: the cap is found while reading
		wantErr bool
	}{
		{"at the cap", capBytes, false, false},
		{"content length over the cap", capBytes + 1, false, true},
		{"chunked over the cap", 64 * capBytes, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				body := bytes.Repeat([]byte("x"), tc.size)
				if !tc.chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(body)))
					w.Write(body)
					return
				}
				for i := 0; i < len(body); i += 512 {
					w.Write(body[i : i+512])
					w.(http.Flusher).Flush()
				}
			})
			f, _ := testFetcher(Config{MaxBodyBytes: capBytes})
			resp, err := f.Fetch(context.Background(), srv.URL+"/big", Validators{})
			if !tc.wantErr {
				if err != nil || len(resp.Body) != tc.size {
					t.Fatalf("Fetch = %d bytes, %v", len(resp.Body), err)
				}
				return
			}
			fe := asError(t, err)
			if !errors.Is(err, ErrTooLarge) || fe.Temporary() || !strings.Contains(err.Error(), "1024-byte cap") {
				t.Fatalf("error %v, want a permanent size error naming the cap", err)
			}
		})
	}
}

func TestGzipBodyIsDecoded(t *testing.T) {
	text := strings.Repeat("a compressed article body. ", 100)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("request did not offer gzip: %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, text)
		zw.Close()
	})
	f, _ := testFetcher(Config{})
	resp, err := f.Fetch(context.Background(), srv.URL+"/page", Validators{})
	if err != nil || string(resp.Body) != text {
		t.Fatalf("Fetch = %q, %v", resp.Body, err)
	}
}

func TestPerHostSerialization(t *testing.T) {
	var inflight, peak, calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		calls.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		fmt.Fprint(w, "ok")
	})
	f, _ := testFetcher(Config{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), fmt.Sprintf("%s/p%d", srv.URL, i), Validators{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if peak.Load() != 1 || calls.Load() != 9 { // 8 pages and robots.txt
		t.Fatalf("peak concurrency %d over %d requests, want 1 over 9", peak.Load(), calls.Load())
	}
}

func TestHostsProceedInParallel(t *testing.T) {
	bArrived := make(chan struct{})
	a := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			return
		}
		select { // host A answers only once host B's request has arrived
		case <-bArrived:
		case <-time.After(3 * time.Second):
			http.Error(w, "host b never came", http.StatusGatewayTimeout)
		}
	})
	b := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			close(bArrived)
		}
	})
	f, _ := testFetcher(Config{MaxAttempts: 1})
	var wg sync.WaitGroup
	for _, u := range []string{a.URL + "/x", b.URL + "/y"} {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), u, Validators{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func TestMinInterval(t *testing.T) {
	const interval = 10 * time.Second
	clock := newFakeClock()
	var mu sync.Mutex
	var at []time.Time
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, clock.Now())
		mu.Unlock()
		fmt.Fprint(w, "ok")
	})
	f := New(Config{Clock: clock, MinInterval: interval})
	for i := range 3 {
		if _, err := f.Fetch(context.Background(), fmt.Sprintf("%s/p%d", srv.URL, i), Validators{}); err != nil {
			t.Fatal(err)
		}
	}
	if len(at) != 4 { // robots.txt and three pages
		t.Fatalf("%d requests, want 4", len(at))
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < interval {
			t.Errorf("request %d came %s after the previous one, want at least %s", i, gap, interval)
		}
	}
}
