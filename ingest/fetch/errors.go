package fetch

import (
	"errors"
	"fmt"
	"time"
)

// Causes of fetch errors, for errors.Is.
var (
	// ErrDisallowed: robots.txt disallows the URL for our user agent.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrTooLarge: the body exceeds Config.MaxBodyBytes.
	ErrTooLarge = errors.New("body too large")
	// ErrRedirects: too many redirects, or a redirect loop.
	ErrRedirects = errors.New("too many redirects")
	// ErrStatus: the server answered with an unsuccessful status.
	ErrStatus = errors.New("unsuccessful status")
)

// Error is the error of a failed fetch, classified for a poller.
type Error struct {
	// URL is the URL whose fetch failed (the hop that failed, after redirects).
	URL string
	// Status is the HTTP status of the last answer, 0 when none came.
	Status int
	// RetryAfter is the wait the server asked for (Retry-After), 0 if none.
	RetryAfter time.Duration
	// Err is the cause.
	Err error

	temporary bool
}

// Error describes the failure: "fetch: get URL: cause".
func (e *Error) Error() string {
	return fmt.Sprintf("fetch: get %s: %v", e.URL, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether fetching again later may succeed (timeouts,
// network errors, 429, 5xx, robots.txt unavailable). A permanent error
// (404, 410, other 4xx, robots disallowing, redirect loops, oversize bodies)
// will fail the same way until the site changes.
func (e *Error) Temporary() bool { return e.temporary }

// statusError classifies an unsuccessful HTTP status.
func statusError(url string, status int, retryAfter time.Duration) *Error {
	return &Error{
		URL:        url,
		Status:     status,
		RetryAfter: retryAfter,
		Err:        fmt.Errorf("%w %d", ErrStatus, status),
		temporary:  retryable(status) || status == 408,
	}
}

// retryable reports whether Fetch retries an answer with this status.
func retryable(status int) bool {
	return status == 429 || status >= 500
}
