package graph

import (
	"errors"
	"fmt"
)

// Error codes, mapped once at the edge (GraphQL extensions.code, CLI exit status).
const (
	ENOTFOUND = "not_found" // the thing asked for does not exist
	EINVALID  = "invalid"   // the caller's input is wrong (bad ID, bad cursor, limit out of range)
	ECONFLICT = "conflict"  // the request conflicts with the store's state
	ELOCKED   = "locked"    // the store is held by another process
	EREADONLY = "read_only" // the store was opened read-only
	EINTERNAL = "internal"  // a bug or a backend failure; details are logged, never shown
)

// Error is an error with a code and a message safe to show to a user.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, for logs; may be nil
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("graph: %s: %v", e.Message, e.Err)
	}
	return "graph: " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a formatted user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's first *Error in its chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of its
// *Error if it has one, else a generic text that leaks nothing.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// IsNotFound reports whether err has code ENOTFOUND.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
