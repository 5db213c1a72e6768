package fetch

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxRobotsBytes caps the robots.txt read; RFC 9309 asks crawlers to parse at
// least 500 KiB, and the rest is ignored.
const maxRobotsBytes = 500 << 10

// robotsRule is one Allow or Disallow line.
type robotsRule struct {
	pattern string
	allow   bool
}

// robots is the rule set of one robots.txt that applies to our agent.
type robots struct {
	rules []robotsRule
}

// parseRobots reads a robots.txt and keeps the rules of the groups naming
// agent (a lowercase product token), or of the "*" groups when none does.
func parseRobots(body []byte, agent string) *robots {
	var mine, star []robotsRule
	var agents []string // user agents of the current group
	inRules := false    // a rule line was seen since the last user-agent line
	ours := false       // some group names agent: its rules replace the "*" ones
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			a := strings.ToLower(value)
			ours = ours || a == agent
			agents = append(agents, a)
		case "allow", "disallow":
			inRules = true
			if value == "" { // an empty rule matches nothing
				continue
			}
			r := robotsRule{pattern: value, allow: key == "allow"}
			for _, a := range agents {
				switch {
				case a == agent:
					mine = append(mine, r)
				case a == "*":
					star = append(star, r)
				}
			}
		}
	}
	if ours {
		return &robots{rules: mine}
	}
	return &robots{rules: star}
}

// allowed reports whether path (escaped path and query) may be fetched: the
// longest matching pattern decides, Allow winning ties; no match allows.
func (r *robots) allowed(path string) bool {
	best, allow := -1, true
	for _, rule := range r.rules {
		if !matchPattern(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// matchPattern matches a robots.txt path pattern ("*" any run of characters,
// a final "$" the end of the path) against the start of path.
func matchPattern(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	last := parts[len(parts)-1]
	if anchored {
		return strings.HasSuffix(rest, last)
	}
	return strings.Contains(rest, last)
}

// checkRobots returns nil when robots.txt of u's host allows u, fetching and
// caching it when the cached copy is missing or older than Config.RobotsTTL.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) error {
	h := f.host(u.Host)
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	now := f.cfg.Clock.Now()
	if h.robots == nil || now.Sub(h.robotsAt) >= f.cfg.RobotsTTL {
		r, err := f.fetchRobots(ctx, u, h)
		if err != nil {
			return err
		}
		h.robots, h.robotsAt = r, now
	}
	if !h.robots.allowed(u.RequestURI()) {
		return &Error{URL: u.String(), Err: ErrDisallowed}
	}
	return nil
}

// fetchRobots gets robots.txt of u's host through the host's gate: 2xx is
// parsed, other 4xx allow everything, 429, 5xx and network errors are
// temporary errors (the host is off limits for now).
func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL, h *host) (*robots, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	var body []byte
	var status int
	err := h.do(ctx, f.cfg, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
		if err != nil {
			return err
		}
		req.Header.Set("User-Agent", f.cfg.UserAgent)
		resp, err := f.robotsClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		status = resp.StatusCode
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
		return err
	})
	switch {
	case err != nil:
		return nil, &Error{URL: ru.String(), Err: fmt.Errorf("robots.txt unavailable: %w", err), temporary: true}
	case status >= 200 && status < 300:
		return parseRobots(body, f.cfg.RobotsAgent), nil
	case status == 429 || status >= 500:
		return nil, &Error{URL: ru.String(), Status: status,
			Err: fmt.Errorf("robots.txt unavailable: %w %d", ErrStatus, status), temporary: true}
	default: // 4xx (and stray 3xx after the redirect limit): no rules
		return &robots{}, nil
	}
}

// robotsRedirects bounds the redirects followed for robots.txt (RFC 9309
// asks for at least five).
const robotsRedirects = 5

// newRobotsClient returns the client for robots.txt: the page transport,
// following at most robotsRedirects redirects.
func newRobotsClient(rt http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: rt,
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) >= robotsRedirects {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
}

// robotsTTLDefault is how long a robots.txt is trusted by default.
const robotsTTLDefault = 24 * time.Hour
