package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config sets the Fetcher's identity, limits and politeness. A zero field
// takes the default named in its comment.
type Config struct {
	// UserAgent is sent with every request; default "newsgraph/1.0 (+Contact)".
	UserAgent string
	// Contact is the URL or address in the default UserAgent, where site
	// owners can reach the operator; default "https://github.com/newsgraph/newsgraph".
	Contact string
	// RobotsAgent is the product token looked up in robots.txt; default "newsgraph".
	RobotsAgent string
	// ConnectTimeout bounds dialing and the TLS handshake; default 10s.
	ConnectTimeout time.Duration
	// Timeout bounds one attempt, headers and body; default 30s.
	Timeout time.Duration
	// MaxBodyBytes caps a body (after gzip decoding); default 10 MiB.
	MaxBodyBytes int64
	// MaxRedirects bounds the redirects followed; default 5, negative none.
	MaxRedirects int
	// MinInterval spaces requests to one host; default 1s, negative none.
	MinInterval time.Duration
	// MaxAttempts bounds the attempts for 429 and 5xx answers; default 3.
	MaxAttempts int
	// Backoff is the first retry wait without Retry-After, doubled for each
	// later one; default 2s.
	Backoff time.Duration
	// MaxWait caps a retry wait; a longer Retry-After ends the attempts.
	// Default 1m.
	MaxWait time.Duration
	// RobotsTTL is how long a host's robots.txt is cached; default 24h.
	RobotsTTL time.Duration
	// Clock reads and waits time; default the wall clock.
	Clock Clock
	// Transport replaces the default transport (no proxy, ConnectTimeout
	// applied to dialing); ConnectTimeout is then the transport's business.
	Transport http.RoundTripper
}

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	if c.Contact == "" {
		c.Contact = "https://github.com/newsgraph/newsgraph"
	}
	if c.UserAgent == "" {
		c.UserAgent = "newsgraph/1.0 (+" + c.Contact + ")"
	}
	if c.RobotsAgent == "" {
		c.RobotsAgent = "newsgraph"
	}
	c.RobotsAgent = strings.ToLower(c.RobotsAgent)
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.ConnectTimeout, 10*time.Second)
	def(&c.Timeout, 30*time.Second)
	def(&c.MinInterval, time.Second)
	def(&c.Backoff, 2*time.Second)
	def(&c.MaxWait, time.Minute)
	def(&c.RobotsTTL, robotsTTLDefault)
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 10 << 20
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = 5
	} else if c.MaxRedirects < 0 {
		c.MaxRedirects = 0
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	return c
}

// Validators identify the version of a resource the caller already has.
type Validators struct {
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
}

// Response is a fetched resource.
type Response struct {
	// URL is the final URL, after redirects.
	URL string
	// Status is the HTTP status (200-299, or 304).
	Status int
	// NotModified is true on a 304: Body is empty, the caller's copy stands.
	NotModified bool
	// ContentType is the Content-Type header, for charset decoding.
	ContentType string
	// Body is the decoded (gunzipped) body, at most Config.MaxBodyBytes.
	Body []byte
	// Validators are the resource's new validators (the old ones on a 304
	// that sends none).
	Validators Validators
}

// Fetcher fetches URLs politely; it is safe for concurrent use.
type Fetcher struct {
	cfg          Config
	client       *http.Client
	robotsClient *http.Client

	mu    sync.Mutex
	hosts map[string]*host
}

// New returns a Fetcher with the configuration cfg.
func New(cfg Config) *Fetcher {
	cfg = cfg.withDefaults()
	rt := cfg.Transport
	if rt == nil {
		rt = &http.Transport{
			DialContext:         (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout: cfg.ConnectTimeout,
			ForceAttemptHTTP2:   true,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     90 * time.Second,
		}
	}
	return &Fetcher{
		cfg: cfg,
		client: &http.Client{
			Transport:     rt,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		robotsClient: newRobotsClient(rt),
		hosts:        map[string]*host{},
	}
}

// Fetch gets rawURL conditionally on v, following redirects and retrying 429
// and 5xx answers as the package doc describes. Every error is an *Error.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, v Validators) (Response, error) {
	u, err := url.Parse(rawURL)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = fmt.Errorf("not an absolute http(s) url")
	}
	if err != nil {
		return Response{}, &Error{URL: rawURL, Err: err}
	}
	for attempt := 1; ; attempt++ {
		resp, err := f.follow(ctx, u, v)
		var fe *Error
		if err == nil || !errors.As(err, &fe) || !retryable(fe.Status) {
			return resp, err
		}
		if attempt >= f.cfg.MaxAttempts {
			fe.Err = fmt.Errorf("%w (after %d attempts)", fe.Err, attempt)
			return Response{}, fe
		}
		wait := f.backoff(attempt)
		if fe.RetryAfter > 0 {
			if fe.RetryAfter > f.cfg.MaxWait {
				fe.Err = fmt.Errorf("%w (retry after %s exceeds the %s cap)", fe.Err, fe.RetryAfter, f.cfg.MaxWait)
				return Response{}, fe
			}
			wait = fe.RetryAfter
		}
		if err := f.cfg.Clock.Sleep(ctx, wait); err != nil {
			return Response{}, &Error{URL: rawURL, Status: fe.Status, Err: err, temporary: true}
		}
	}
}

// backoff is the wait before attempt+1 when the server sent no Retry-After.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.cfg.Backoff
	for i := 1; i < attempt && d < f.cfg.MaxWait; i++ {
		d *= 2
	}
	return min(d, f.cfg.MaxWait)
}

// follow fetches u once, following redirects hop by hop.
func (f *Fetcher) follow(ctx context.Context, u *url.URL, v Validators) (Response, error) {
	seen := map[string]bool{}
	for hops := 0; ; hops++ {
		seen[u.String()] = true
		if err := f.checkRobots(ctx, u); err != nil {
			return Response{}, err
		}
		h := f.host(u.Host)
		var resp Response
		var next *url.URL
		err := h.do(ctx, f.cfg, func(ctx context.Context) error {
			var err error
			resp, next, err = f.get(ctx, u, v)
			return err
		})
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				err = &Error{URL: u.String(), Err: err, temporary: true}
			}
			return Response{}, err
		}
		if next == nil {
			return resp, nil
		}
		switch {
		case seen[next.String()]:
			return Response{}, &Error{URL: u.String(), Status: resp.Status,
				Err: fmt.Errorf("%w: redirect loop back to %s", ErrRedirects, next)}
		case hops >= f.cfg.MaxRedirects:
			return Response{}, &Error{URL: u.String(), Status: resp.Status,
				Err: fmt.Errorf("%w: more than %d", ErrRedirects, f.cfg.MaxRedirects)}
		}
		u = next
	}
}

// get does one request to u. A redirect gives its status in resp and its
// target in next.
func (f *Fetcher) get(ctx context.Context, u *url.URL, v Validators) (resp Response, next *url.URL, err error) {
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return resp, nil, &Error{URL: u.String(), Err: err}
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	r, err := f.client.Do(req)
	if err != nil {
		return resp, nil, f.transportError(ctx, u, err)
	}
	defer r.Body.Close()
	resp = Response{URL: u.String(), Status: r.StatusCode, ContentType: r.Header.Get("Content-Type")}
	switch s := r.StatusCode; {
	case s == http.StatusNotModified:
		resp.NotModified = true
		resp.Validators = newValidators(r.Header, v)
		return resp, nil, nil
	case s >= 300 && s < 400 && r.Header.Get("Location") != "":
		next, err := r.Location()
		if err != nil {
			return resp, nil, &Error{URL: u.String(), Status: s, Err: fmt.Errorf("bad redirect: %w", err)}
		}
		return resp, next, nil
	case s < 200 || s >= 300:
		after := parseRetryAfter(r.Header.Get("Retry-After"), f.cfg.Clock.Now())
		return resp, nil, statusError(u.String(), s, after)
	}
	resp.Body, err = readCapped(r, f.cfg.MaxBodyBytes)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return resp, nil, &Error{URL: u.String(), Status: r.StatusCode, Err: err}
		}
		return resp, nil, f.transportError(ctx, u, fmt.Errorf("read body: %w", err))
	}
	resp.Validators = newValidators(r.Header, Validators{})
	return resp, nil, nil
}

// transportError classifies a failure to get or read an answer: temporary,
// with the timeout named when the attempt's deadline passed.
func (f *Fetcher) transportError(ctx context.Context, u *url.URL, err error) *Error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		err = fmt.Errorf("timed out after %s: %w", f.cfg.Timeout, err)
	}
	return &Error{URL: u.String(), Err: err, temporary: true}
}

// readCapped reads r's body, failing with ErrTooLarge without reading more
// than max+1 bytes when it is larger than max.
func readCapped(r *http.Response, max int64) ([]byte, error) {
	if r.ContentLength > max {
		return nil, fmt.Errorf("%w: content length %d exceeds the %d-byte cap", ErrTooLarge, r.ContentLength, max)
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: exceeds the %d-byte cap", ErrTooLarge, max)
	}
	return b, nil
}

// newValidators reads ETag and Last-Modified from h, keeping old's where h
// has none.
func newValidators(h http.Header, old Validators) Validators {
	if e := h.Get("ETag"); e != "" {
		old.ETag = e
	}
	if lm := h.Get("Last-Modified"); lm != "" {
		old.LastModified = lm
	}
	return old
}

// parseRetryAfter reads a Retry-After value (delay seconds or an HTTP date)
// as a wait from now; 0 when absent, invalid or past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, 1_000_000)) * time.Second // about 11 days
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
