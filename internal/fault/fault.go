// Package fault is the one set of error kinds that every layer shares:
// domain packages declare their errors with a kind, the application layer
// passes them on, and the HTML site and the JSON API each turn a kind into
// a status through one table (web/status). Anything without a kind is an
// internal error: the user sees a request id, the operator a log line.
//
// It follows WTF Dial's error codes; it imports nothing but the standard
// library's errors, so domain packages stay pure.
package fault

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// Kind is what kind of failure an error is, as a caller can act on it.
type Kind int

// The kinds. Internal is the zero value: an error nobody classified is a
// fault of ours, never of the request.
const (
	Internal    Kind = iota
	NotFound         // the thing asked for does not exist, or not for this user
	Invalid          // the request is wrong; Fields says where
	Conflict         // the request is fine but the state of things refuses it now
	Forbidden        // this user may not do this
	Unavailable      // a service we depend on is out of reach; try again later
	TooMany          // asked too often; try again later
)

// Error is an error of a kind, with a stable code for API clients (e.g.
// "out_of_stock") and, for Invalid, messages per field. Domain packages
// keep their sentinels as *Error values, so errors.Is still matches them.
type Error struct {
	Kind    Kind
	Code    string            // stable, for integrations; empty means the kind's own
	Message string            // for logs and API clients, in English
	Fields  map[string]string // field → message id, for Invalid
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	return e.Message + " (" + strings.Join(slices.Sorted(maps.Keys(e.Fields)), ", ") + ")"
}

// New is an error of kind k with a code and a message.
func New(k Kind, code, message string) *Error {
	return &Error{Kind: k, Code: code, Message: message}
}

// Fields is an Invalid error with a message id per field; it is nil when
// fields is empty, so a validator can end with `return fault.Fields(errs)`.
func Fields(fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "invalid_parameters", Message: "some fields are not valid", Fields: fields}
}

// KindOf is the kind of err: that of the first *Error it wraps; Unavailable
// for an error that says so by an Unavailable() method (the store's lost
// connections, which cannot import this package's callers); else Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var u interface{ Unavailable() bool }
	if errors.As(err, &u) && u.Unavailable() {
		return Unavailable
	}
	return Internal
}

// CodeOf is the stable code of err for API clients.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return codes[KindOf(err)]
}

// FieldsOf are the per-field message ids of an Invalid error, or nil.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// codes are each kind's default API code.
var codes = map[Kind]string{
	Internal:    "internal",
	NotFound:    "not_found",
	Invalid:     "invalid_parameters",
	Conflict:    "conflict",
	Forbidden:   "forbidden",
	Unavailable: "unavailable",
	TooMany:     "too_many_requests",
}
