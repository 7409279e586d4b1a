// Package status is the one table from an error's kind to its HTTP
// status, used by the HTML site and the JSON API alike.
package status

import (
	"net/http"

	"kriya/internal/fault"
)

var statuses = map[fault.Kind]int{
	fault.Internal:    http.StatusInternalServerError,
	fault.NotFound:    http.StatusNotFound,
	fault.Invalid:     http.StatusUnprocessableEntity,
	fault.Conflict:    http.StatusConflict,
	fault.Forbidden:   http.StatusForbidden,
	fault.Unavailable: http.StatusServiceUnavailable,
	fault.TooMany:     http.StatusTooManyRequests,
}

// Of is the HTTP status that an error of err's kind deserves.
func Of(err error) int { return statuses[fault.KindOf(err)] }

// RetryAfter is how many seconds a client is asked to wait after a 503: a
// database restart or failover takes about that long.
const RetryAfter = "30"
